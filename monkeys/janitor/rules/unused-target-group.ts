import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { UNUSED_SEEN_AT_TAG } from '../tags.js';
import { type JanitorRule, nothingUses } from './rule.js';

/**
 * A target group that serves nothing and nothing sends to, for more than N days (from the first run that saw it so):
 * no balancer (AWS's own list), no listener default action and no rule of any listener forwarding to it, no
 * registered target (any health), no Auto Scaling group attached.
 */
export const unusedTargetGroup: JanitorRule<TargetGroup> = {
  id: 'unused-target-group',
  type: 'target-group',
  description:
    'target group in no listener or rule, with no registered target and no attached Auto Scaling group for more than N days',
  defaultDays: 7,
  unused(record, ctx) {
    if ((record.raw.LoadBalancerArns ?? []).length > 0) return null;
    if (nothingUses(ctx, record.id)) return null;
    return `target group ${record.name ?? record.id} is in no listener or rule, with no target and no group`;
  },
  since: { tag: UNUSED_SEEN_AT_TAG },
};
