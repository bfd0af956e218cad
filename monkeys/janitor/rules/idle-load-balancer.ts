import type { LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { UNUSED_SEEN_AT_TAG } from '../tags.js';
import { recordsOf } from '../world.js';
import type { JanitorRule } from './rule.js';

/** An ELBv2 load balancer none of whose target groups has a registered target, for more than N days. */
export const idleLoadBalancer: JanitorRule<LoadBalancer> = {
  id: 'idle-load-balancer',
  type: 'load-balancer',
  description: 'load balancer (ALB/NLB) with no registered target for more than N days',
  defaultDays: 7,
  unused(record, ctx) {
    const groups = recordsOf<TargetGroup>(ctx.world, 'target-group').filter((group) =>
      (group.raw.LoadBalancerArns ?? []).includes(record.id),
    );
    const registered = groups.reduce((sum, group) => sum + (ctx.world.observed.targets[group.id]?.length ?? 0), 0);
    if (registered > 0) return null;
    return `load balancer ${record.name ?? record.id} has no registered target`;
  },
  since: { tag: UNUSED_SEEN_AT_TAG },
};
