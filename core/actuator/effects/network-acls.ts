import {
  CreateNetworkAclCommand,
  CreateTagsCommand,
  DeleteNetworkAclCommand,
  DeleteTagsCommand,
  DescribeNetworkAclsCommand,
  DescribeSubnetsCommand,
  type EC2Client,
  type NetworkAcl,
  ReplaceNetworkAclAssociationCommand,
} from '@aws-sdk/client-ec2';
import { ORIGINAL_NETWORK_ACL_TAG } from './fault-state-tags.js';

/** Tag that marks the deny-all network ACL simian owns in a VPC (one per VPC, reused by every isolation). */
export const ISOLATION_TAG = { key: 'simian:isolation', value: 'deny-all' } as const;

/** The network ACL a subnet is associated with now, and the association's id (needed to replace it). */
export interface SubnetAssociation {
  readonly networkAclId: string;
  readonly associationId: string;
  readonly simianOwned: boolean;
}

/** Whether simian created this network ACL (its deny-all): recognised by the tag simian puts on it. */
export function isSimianAcl(acl: NetworkAcl): boolean {
  return (acl.Tags ?? []).some((tag) => tag.Key === ISOLATION_TAG.key && tag.Value === ISOLATION_TAG.value);
}

export async function subnetAssociation(ec2: EC2Client, subnetId: string): Promise<SubnetAssociation | undefined> {
  const answer = await ec2.send(
    new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }),
  );
  for (const acl of answer.NetworkAcls ?? []) {
    const association = acl.Associations?.find((candidate) => candidate.SubnetId === subnetId);
    if (acl.NetworkAclId && association?.NetworkAclAssociationId) {
      return {
        networkAclId: acl.NetworkAclId,
        associationId: association.NetworkAclAssociationId,
        simianOwned: isSimianAcl(acl),
      };
    }
  }
  return undefined;
}

/** One network ACL as EC2 sees it now; undefined when it no longer exists. */
export async function networkAcl(ec2: EC2Client, networkAclId: string): Promise<NetworkAcl | undefined> {
  try {
    const answer = await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [networkAclId] }));
    return answer.NetworkAcls?.find((acl) => acl.NetworkAclId === networkAclId);
  } catch (error) {
    // AWS answers InvalidNetworkAclID.NotFound (moto: InvalidRouteTableID.NotFound): a fact, not a failure.
    if (error instanceof Error && /\.NotFound$/.test(error.name)) return undefined;
    throw error;
  }
}

/** The subnets behind simian's deny-all ACLs of the region now, every VPC. */
export async function isolatedSubnets(ec2: EC2Client): Promise<Set<string>> {
  const answer = await ec2.send(
    new DescribeNetworkAclsCommand({ Filters: [{ Name: `tag:${ISOLATION_TAG.key}`, Values: [ISOLATION_TAG.value] }] }),
  );
  return new Set(
    (answer.NetworkAcls ?? []).flatMap((acl) =>
      (acl.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
    ),
  );
}

/** The network ACL an isolated subnet had before simian's first isolation of it (the tag on the subnet). */
export async function recordedOriginalAcl(ec2: EC2Client, subnetId: string): Promise<string | undefined> {
  const answer = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
  const value = answer.Subnets?.[0]?.Tags?.find((tag) => tag.Key === ORIGINAL_NETWORK_ACL_TAG)?.Value;
  return value && /^acl-[0-9a-f]+$/.test(value) ? value : undefined;
}

/** Writes the subnet's original network ACL on the subnet, before it is isolated. */
export async function recordOriginalAcl(ec2: EC2Client, subnetId: string, networkAclId: string): Promise<void> {
  await ec2.send(
    new CreateTagsCommand({ Resources: [subnetId], Tags: [{ Key: ORIGINAL_NETWORK_ACL_TAG, Value: networkAclId }] }),
  );
}

export async function forgetOriginalAcl(ec2: EC2Client, subnetId: string): Promise<void> {
  await ec2.send(new DeleteTagsCommand({ Resources: [subnetId], Tags: [{ Key: ORIGINAL_NETWORK_ACL_TAG }] }));
}

/**
 * The network ACL to put the subnet back on, from a fresh read: the one it has now unless that is simian's deny-all
 * (another run isolated it), then the one recorded on the subnet when it was first isolated. Never a simian ACL;
 * undefined when it cannot be known.
 */
export async function originalAclOf(ec2: EC2Client, subnetId: string): Promise<string | undefined> {
  const current = await subnetAssociation(ec2, subnetId);
  if (!current) return undefined;
  return current.simianOwned ? recordedOriginalAcl(ec2, subnetId) : current.networkAclId;
}

/**
 * Deletes simian's deny-all ACL once no subnet uses it (after the last revert in its VPC). Best effort: an isolation
 * that associates a subnet with it meanwhile makes AWS refuse (in use), and the ACL stays for that run.
 */
export async function deleteDenyAllIfUnused(ec2: EC2Client, networkAclId: string): Promise<boolean> {
  const acl = await networkAcl(ec2, networkAclId);
  if (!acl || !isSimianAcl(acl) || (acl.Associations ?? []).length > 0) return false;
  try {
    await ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: networkAclId }));
    return true;
  } catch {
    return false;
  }
}

/** Finds simian's deny-all network ACL in the VPC, creating it when absent (a new custom ACL denies everything). */
export async function denyAllNetworkAcl(ec2: EC2Client, vpcId: string): Promise<string> {
  const found = await ec2.send(
    new DescribeNetworkAclsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: `tag:${ISOLATION_TAG.key}`, Values: [ISOLATION_TAG.value] },
      ],
    }),
  );
  const existing = found.NetworkAcls?.[0]?.NetworkAclId;
  if (existing) return existing;
  const created = await ec2.send(
    new CreateNetworkAclCommand({
      VpcId: vpcId,
      TagSpecifications: [
        {
          ResourceType: 'network-acl',
          Tags: [
            { Key: ISOLATION_TAG.key, Value: ISOLATION_TAG.value },
            { Key: 'Name', Value: 'simian-isolation-deny-all' },
          ],
        },
      ],
    }),
  );
  const id = created.NetworkAcl?.NetworkAclId;
  if (!id) throw new Error(`CreateNetworkAcl in ${vpcId} returned no id`);
  return id;
}

export async function associate(ec2: EC2Client, associationId: string, networkAclId: string): Promise<void> {
  await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: associationId, NetworkAclId: networkAclId }));
}
