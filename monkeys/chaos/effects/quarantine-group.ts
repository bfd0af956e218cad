import {
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { OWNED_TAG, QUARANTINE_GROUP_NAME } from '../../../core/actuator/effects/fault-state-tags.js';

async function findQuarantine(ec2: EC2Client, vpcId: string): Promise<SecurityGroup | undefined> {
  const found = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: [QUARANTINE_GROUP_NAME] },
      ],
    }),
  );
  return found.SecurityGroups?.[0];
}

function isDuplicate(error: unknown): boolean {
  return error instanceof Error && /Duplicate/i.test(error.name);
}

/**
 * The simian-owned security group with no rules at all in a VPC: created once, found by name afterwards (so
 * two workers racing to create it both end with the same group). Its default allow-all egress rule is revoked,
 * so an instance inside it can neither receive nor send.
 */
export async function ensureQuarantineGroup(ec2: EC2Client, vpcId: string): Promise<string> {
  let group = await findQuarantine(ec2, vpcId);
  if (!group) {
    try {
      await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: QUARANTINE_GROUP_NAME,
          Description: 'simian chaos block-network: no rules, so no traffic in or out',
          VpcId: vpcId,
          TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: OWNED_TAG, Value: 'true' }] }],
        }),
      );
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
    group = await findQuarantine(ec2, vpcId);
  }
  if (!group?.GroupId) throw new Error(`could not find or create security group ${QUARANTINE_GROUP_NAME} in ${vpcId}`);
  // A new group allows all egress; any rule someone added since is removed too.
  const egress = group.IpPermissionsEgress ?? [];
  if (egress.length > 0) {
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: group.GroupId, IpPermissions: egress }));
  }
  const ingress = group.IpPermissions ?? [];
  if (ingress.length > 0) {
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: group.GroupId, IpPermissions: ingress }));
  }
  return group.GroupId;
}

/**
 * Which of these security groups are simian's own (a quarantine group: tagged simian:owned, or named
 * simian-quarantine), from a fresh read. They are a fault, never an original to put back.
 */
export async function simianOwnedGroups(ec2: EC2Client, groupIds: readonly string[]): Promise<Set<string>> {
  if (groupIds.length === 0) return new Set();
  const found = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [...groupIds] }] }),
  );
  return new Set(
    (found.SecurityGroups ?? []).flatMap((group) =>
      group.GroupId &&
      (group.GroupName === QUARANTINE_GROUP_NAME ||
        (group.Tags ?? []).some((tag) => tag.Key === OWNED_TAG && tag.Value === 'true'))
        ? [group.GroupId]
        : [],
    ),
  );
}
