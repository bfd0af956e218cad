import type { LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';
import { UNUSED_SEEN_AT_TAG } from '../tags.js';
import { type JanitorRule, nothingUses } from './rule.js';

/** A classic load balancer with no registered instance and no Auto Scaling group attached, for more than N days. */
export const idleClassicLoadBalancer: JanitorRule<LoadBalancerDescription> = {
  id: 'idle-classic-load-balancer',
  type: 'classic-load-balancer',
  description: 'classic load balancer with no registered instance and no attached group for more than N days',
  defaultDays: 7,
  unused(record, ctx) {
    if ((record.raw.Instances ?? []).length > 0) return null;
    if (nothingUses(ctx, record.id)) return null;
    return `classic load balancer ${record.id} has no registered instance and no attached group`;
  },
  since: { tag: UNUSED_SEEN_AT_TAG },
};
