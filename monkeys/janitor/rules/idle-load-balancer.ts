import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { UNUSED_SEEN_AT_TAG } from '../tags.js';
import { type JanitorRule, nothingUses } from './rule.js';

/**
 * An ELBv2 load balancer that serves nothing, for more than N days: no listener answers by itself (a redirect, a
 * fixed response) and none of its target groups has a registered target or an attached Auto Scaling group.
 */
export const idleLoadBalancer: JanitorRule<LoadBalancer> = {
  id: 'idle-load-balancer',
  type: 'load-balancer',
  description:
    'load balancer (ALB/NLB) with no answering listener and no target group in use (targets or a group) for more than N days',
  defaultDays: 7,
  unused(record, ctx) {
    if (nothingUses(ctx, record.id)) return null;
    return `load balancer ${record.name ?? record.id} has no listener that answers and no target group in use`;
  },
  since: { tag: UNUSED_SEEN_AT_TAG },
};
