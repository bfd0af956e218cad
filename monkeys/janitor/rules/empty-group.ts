import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { UNUSED_SEEN_AT_TAG } from '../tags.js';
import { type JanitorRule, nothingUses } from './rule.js';

/**
 * An Auto Scaling group with no instance and a desired capacity of 0 for more than N days, that nothing says will be
 * used again: no scheduled action, no warm pool, no lifecycle hook.
 */
export const emptyGroup: JanitorRule<AutoScalingGroup> = {
  id: 'empty-auto-scaling-group',
  type: 'auto-scaling-group',
  description:
    'Auto Scaling group empty (0 instances, desired 0) with no scheduled action, warm pool or lifecycle hook for more than N days',
  defaultDays: 7,
  unused(record, ctx) {
    if ((record.raw.Instances ?? []).length > 0 || (record.raw.DesiredCapacity ?? 0) > 0) return null;
    if ((record.raw.MinSize ?? 0) > 0) return null;
    if (nothingUses(ctx, record.id)) return null;
    return `group ${record.id} has no instance and desires none`;
  },
  since: { tag: UNUSED_SEEN_AT_TAG },
};
