import { DeleteTagsCommand, ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import type { Effect } from '../../../core/actuator/effect.js';
import { applyEach } from '../../../core/actuator/effects/each-action.js';
import { describeInstance, ec2For, tagValue } from '../../../core/actuator/effects/ec2-lookup.js';
import { ORIGINAL_SECURITY_GROUPS_TAG } from '../../../core/actuator/effects/fault-state-tags.js';
import { securityGroupId } from '../../../core/actuator/effects/param-shapes.js';
import { simianOwnedGroups } from './quarantine-group.js';

function groupIdsOf(params: Readonly<Record<string, unknown>>): string[] | undefined {
  const ids = params.securityGroupIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && /^sg-/.test(id))) {
    return undefined;
  }
  return ids as string[];
}

/**
 * The revert of block-network: puts the instance's original security groups back and removes the record tag. A
 * simian-owned group in the record is never restored (the instance's tag, written before the first swap, is used).
 */
export const restoreSecurityGroups: Effect = {
  kind: 'restore-security-groups',
  revert: true,
  description: "Restore an instance's original security groups after block-network",
  permissions: ['ec2:DescribeInstances', 'ec2:DescribeSecurityGroups', 'ec2:ModifyInstanceAttribute', 'ec2:DeleteTags'],
  batchSize: 1,
  pacing: 'ec2:ModifyInstanceAttribute',
  capped: 'none',
  paramsSchema: z.strictObject({ securityGroupIds: z.array(securityGroupId).min(1) }),

  async apply(actions, ctx) {
    return applyEach(actions, async (action) => {
      const ec2 = ec2For(action, ctx);
      const instance = await describeInstance(ec2, action.resource);
      const state = instance?.State?.Name;
      // A terminated instance has no network left to restore.
      if (!instance || state === 'terminated' || state === 'shutting-down')
        return { resource: action.resource, ok: true, already: true };
      const tagged = tagValue(instance, ORIGINAL_SECURITY_GROUPS_TAG)?.split(',').filter(Boolean);
      // Never put a simian group back as an original (a record that saved another fault): follow the tag instead.
      const named = groupIdsOf(action.params) ?? [];
      const simian = await simianOwnedGroups(ec2, [...named, ...(tagged ?? [])]);
      const fromParams = named.filter((id) => !simian.has(id));
      const wanted = fromParams.length > 0 ? fromParams : tagged?.filter((id) => !simian.has(id));
      if (!wanted || wanted.length === 0) {
        return {
          resource: action.resource,
          ok: false,
          error: `no original security groups recorded for ${action.resource}`,
        };
      }
      const current = new Set((instance.SecurityGroups ?? []).map((group) => group.GroupId));
      const already = current.size === wanted.length && wanted.every((id) => current.has(id));
      if (!already) await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: action.resource, Groups: wanted }));
      if (tagged) {
        await ec2.send(
          new DeleteTagsCommand({ Resources: [action.resource], Tags: [{ Key: ORIGINAL_SECURITY_GROUPS_TAG }] }),
        );
      }
      return { resource: action.resource, ok: true, already };
    });
  },
};
