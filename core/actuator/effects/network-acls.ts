import {
  CreateNetworkAclCommand,
  DescribeNetworkAclsCommand,
  type EC2Client,
  ReplaceNetworkAclAssociationCommand,
} from '@aws-sdk/client-ec2';

/** Tag that marks the deny-all network ACL simian owns in a VPC (one per VPC, reused by every isolation). */
export const ISOLATION_TAG = { key: 'simian:isolation', value: 'deny-all' } as const;

/** The network ACL a subnet is associated with now, and the association's id (needed to replace it). */
export interface SubnetAssociation {
  readonly networkAclId: string;
  readonly associationId: string;
  readonly simianOwned: boolean;
}

export async function subnetAssociation(ec2: EC2Client, subnetId: string): Promise<SubnetAssociation | undefined> {
  const answer = await ec2.send(
    new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }),
  );
  for (const acl of answer.NetworkAcls ?? []) {
    const association = acl.Associations?.find((candidate) => candidate.SubnetId === subnetId);
    if (acl.NetworkAclId && association?.NetworkAclAssociationId) {
      const simianOwned = (acl.Tags ?? []).some(
        (tag) => tag.Key === ISOLATION_TAG.key && tag.Value === ISOLATION_TAG.value,
      );
      return { networkAclId: acl.NetworkAclId, associationId: association.NetworkAclAssociationId, simianOwned };
    }
  }
  return undefined;
}

/** The VPC's default network ACL: where a subnet goes back to when its original association was lost. */
export async function defaultNetworkAcl(ec2: EC2Client, vpcId: string): Promise<string | undefined> {
  const answer = await ec2.send(
    new DescribeNetworkAclsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'default', Values: ['true'] },
      ],
    }),
  );
  return answer.NetworkAcls?.[0]?.NetworkAclId;
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
