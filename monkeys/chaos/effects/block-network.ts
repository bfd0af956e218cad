import {
  CreateTagsCommand,
  type EC2Client,
  type Instance as Ec2Instance,
  ModifyInstanceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { type Effect, type EffectContext, type RevertSpec, revertOn } from '../../../core/actuator/effect.js';
import { ec2DryRun } from '../../../core/actuator/effects/ec2-dry-run.js';
import { describeInstancesById, ec2For, tagValue } from '../../../core/actuator/effects/ec2-lookup.js';
import {
  ORIGINAL_SECURITY_GROUPS_TAG,
  QUARANTINE_GROUP_NAME,
} from '../../../core/actuator/effects/fault-state-tags.js';
import { noParams } from '../../../core/actuator/effects/param-shapes.js';
import type { Action } from '../../../core/plan/action.js';
import { applyToEachInstance, verifyOnFirstInstance } from './on-instance.js';
import { ensureQuarantineGroup, simianOwnedGroups } from './quarantine-group.js';

/**
 * The groups to put back, never a simian fault: the tag written before a previous swap (another run's, when two
 * overlap) wins over what the instance has now, and simian's own groups (recognised by their tag, from a fresh read)
 * are never counted as original.
 */
async function originalGroups(ec2: EC2Client, instance: Ec2Instance): Promise<string[]> {
  const tagged = tagValue(instance, ORIGINAL_SECURITY_GROUPS_TAG)?.split(',').filter(Boolean);
  const candidates =
    tagged && tagged.length > 0
      ? tagged
      : (instance.SecurityGroups ?? []).flatMap((group) =>
          group.GroupId && group.GroupName !== QUARANTINE_GROUP_NAME ? [group.GroupId] : [],
        );
  const simian = await simianOwnedGroups(ec2, candidates);
  return candidates.filter((id) => !simian.has(id));
}

/**
 * Chaos BlockAllNetworkTraffic: the instance's security groups are swapped for one empty simian-owned group in
 * its VPC. The original groups are written in a tag on the instance first and restored by the revert.
 * (AWS keeps already-tracked connections alive after a swap; new ones are blocked.)
 */
export const blockNetwork: Effect = {
  kind: 'block-network',
  description: "Swap an instance's security groups for an empty simian-owned one (revert restores them)",
  permissions: [
    'ec2:DescribeInstances',
    'ec2:DescribeSecurityGroups',
    'ec2:CreateSecurityGroup',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:RevokeSecurityGroupIngress',
    'ec2:CreateTags',
    'ec2:ModifyInstanceAttribute',
  ],
  batchSize: 1,
  pacing: 'ec2:ModifyInstanceAttribute',
  capped: 'instance',
  paramsSchema: noParams,

  async capture(actions: readonly Action[], ctx: EffectContext) {
    const saved = new Map<string, Record<string, unknown>>();
    const first = actions[0];
    if (!first) return saved;
    const ec2 = ec2For(first, ctx);
    const found = await describeInstancesById(
      ec2,
      actions.map((action) => action.resource),
    );
    for (const action of actions) {
      const instance = found.get(action.resource);
      // No original groups known means no revert could restore them: the action is then not applied.
      const original = instance ? await originalGroups(ec2, instance) : [];
      if (original.length > 0) saved.set(action.resource, { securityGroupIds: original });
    }
    return saved;
  },

  async apply(actions, ctx) {
    return applyToEachInstance(actions, ctx, async (action, ec2, instance) => {
      if (!instance.VpcId)
        return { resource: action.resource, ok: false, error: `instance ${action.resource} is not in a VPC` };
      const original = await originalGroups(ec2, instance);
      const quarantine = await ensureQuarantineGroup(ec2, instance.VpcId);
      const current = (instance.SecurityGroups ?? []).map((group) => group.GroupId);
      const saved = { securityGroupIds: original.filter((id) => id !== quarantine) };
      if (saved.securityGroupIds.length === 0) {
        return {
          resource: action.resource,
          ok: false,
          error: `no original security groups known for ${action.resource}`,
        };
      }
      if (current.length === 1 && current[0] === quarantine)
        return { resource: action.resource, ok: true, already: true, saved };
      if (!tagValue(instance, ORIGINAL_SECURITY_GROUPS_TAG)) {
        await ec2.send(
          new CreateTagsCommand({
            Resources: [action.resource],
            Tags: [{ Key: ORIGINAL_SECURITY_GROUPS_TAG, Value: saved.securityGroupIds.join(',') }],
          }),
        );
      }
      await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: action.resource, Groups: [quarantine] }));
      return { resource: action.resource, ok: true, saved };
    });
  },

  verify(actions, ctx) {
    return verifyOnFirstInstance(actions, ctx, (first, ec2, instance) => {
      const groups = (instance?.SecurityGroups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : []));
      // Setting the groups it already has, as a dry run: only the permission is tested.
      return ec2DryRun(() =>
        ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: first.resource, Groups: groups, DryRun: true })),
      );
    });
  },

  revertOf(action: Action, saved: Readonly<Record<string, unknown>>): RevertSpec {
    return revertOn(action, 'restore-security-groups', { securityGroupIds: saved.securityGroupIds });
  },
};
