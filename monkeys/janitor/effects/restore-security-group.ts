import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  type IpPermission,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import type { EffectContext } from '../../../core/actuator/effect.js';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import { type ConfigOf, type JanitorDeletion, writeDeletion } from './janitor-deleted.js';
import { asAws, janitorRestoreEffect, restoredTags, tagList } from './janitor-restore.js';
import { targetOf } from './janitor-target.js';

type Ec2 = ReturnType<EffectContext['clients']['ec2']>;

/** The egress rule AWS gives every new VPC group: allow all IPv4 traffic out. */
const DEFAULT_EGRESS: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

function isDefaultEgress(rule: IpPermission): boolean {
  return (
    rule.IpProtocol === '-1' &&
    (rule.IpRanges ?? []).some((range) => range.CidrIp === '0.0.0.0/0') &&
    (rule.UserIdGroupPairs ?? []).length === 0
  );
}

/**
 * A rule as Authorize* takes it: a rule naming the deleted group itself names the new one; a rule naming another
 * group keeps it as it was (AWS refuses the rule if that group is gone too). Describe-only fields are dropped.
 */
function authorizable(shape: Readonly<Record<string, unknown>>, oldId: string, newId: string): IpPermission {
  const rule = asAws<IpPermission>(shape);
  return {
    ...rule,
    ...(rule.UserIdGroupPairs
      ? {
          UserIdGroupPairs: rule.UserIdGroupPairs.map(({ PeeringStatus: _status, GroupName: _name, ...pair }) =>
            pair.GroupId === oldId ? { ...pair, GroupId: newId, UserId: undefined } : pair,
          ),
        }
      : {}),
  };
}

/**
 * The group a restore of this id made before (a retry: the Janitor's record holds its id), or a new one in the same
 * VPC with its name and tags, written into the record before any rule is added. A group of that name that the
 * record does not hold is someone else's, whatever its tags say: it is left untouched and the restore fails.
 */
async function groupAgain(
  ec2: Ec2,
  deletion: JanitorDeletion,
  config: ConfigOf<'security-group'>,
  ctx: EffectContext,
): Promise<string> {
  if (!ctx.records) throw new Error("the Janitor's record of deletions (Redis) is not available: nothing is restored");
  if (deletion.made) {
    const held = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [deletion.made.id] }] }),
    );
    if (held.SecurityGroups?.length) return deletion.made.id;
  }
  const answer = await ec2
    .send(
      new CreateSecurityGroupCommand({
        GroupName: config.groupName,
        Description: config.description,
        ...(config.vpcId ? { VpcId: config.vpcId } : {}),
        TagSpecifications: [
          { ResourceType: 'security-group', Tags: tagList(restoredTags(config.tags, deletion.resource)) },
        ],
      }),
    )
    .catch((error: unknown) => {
      if (!hasErrorCode(error, ['InvalidGroup.Duplicate'])) throw error;
      throw new Error(
        `a security group named ${config.groupName} exists already${config.vpcId ? ` in ${config.vpcId}` : ''}, and the Janitor's record does not say a restore made it: it is left untouched`,
      );
    });
  if (!answer.GroupId) throw new Error('CreateSecurityGroup answered no group id');
  await writeDeletion(ctx.records, { ...deletion, made: { at: new Date().toISOString(), id: answer.GroupId } });
  return answer.GroupId;
}

/** One rule at a time, so a rule already there (a retry, or AWS's default egress) is not an error. */
async function authorize(ec2: Ec2, groupId: string, rule: IpPermission, direction: 'ingress' | 'egress') {
  try {
    const input = { GroupId: groupId, IpPermissions: [rule] };
    if (direction === 'ingress') await ec2.send(new AuthorizeSecurityGroupIngressCommand(input));
    else await ec2.send(new AuthorizeSecurityGroupEgressCommand(input));
  } catch (error) {
    if (!hasErrorCode(error, ['InvalidPermission.Duplicate'])) throw error;
  }
}

/**
 * A security group the Janitor deleted, created again in its VPC with its name, description, tags and every rule
 * (a new id: whatever named the old one must change). AWS's default allow-all egress is removed when the group did
 * not have it. A retry continues on the group the record says it made and adds only the rules missing.
 */
export const restoreSecurityGroup = janitorRestoreEffect({
  kind: 'restore-security-group',
  type: 'security-group',
  description: "Create a deleted security group again, with its rules and tags, from the Janitor's record",
  permissions: [
    'ec2:CreateSecurityGroup',
    'ec2:CreateTags',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:AuthorizeSecurityGroupEgress',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:DescribeSecurityGroups',
  ],
  pacing: 'ec2:CreateSecurityGroup',
  async restoreOne(deletion, config, ctx) {
    const ec2 = ctx.clients.ec2(targetOf(deletion, ctx));
    const groupId = await groupAgain(ec2, deletion, config, ctx);
    const egress = config.egress.map((shape) => authorizable(shape, deletion.resource, groupId));
    if (config.vpcId && !egress.some(isDefaultEgress)) {
      await ec2
        .send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [DEFAULT_EGRESS] }))
        .catch((error: unknown) => {
          if (!hasErrorCode(error, ['InvalidPermission.NotFound'])) throw error;
        });
    }
    for (const shape of config.ingress) {
      await authorize(ec2, groupId, authorizable(shape, deletion.resource, groupId), 'ingress');
    }
    if (config.vpcId) for (const rule of egress) await authorize(ec2, groupId, rule, 'egress');
    return groupId;
  },
});
