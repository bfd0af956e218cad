import type { Instance } from '@aws-sdk/client-ec2';
import { dateOf, type JanitorRule, nothingUses } from './rule.js';

const LIVE = new Set(['pending', 'running', 'stopping', 'stopped']);

/** An instance in no Auto Scaling group (and behind no load balancer) older than N days. */
export const orphanedInstance: JanitorRule<Instance> = {
  id: 'orphaned-instance',
  type: 'instance',
  description: 'instance in no Auto Scaling group, registered with no load balancer, older than N days',
  defaultDays: 3,
  unused(record, ctx) {
    if (!LIVE.has(record.raw.State?.Name ?? '')) return null;
    if (record.tags['aws:autoscaling:groupName'] !== undefined) return null;
    if (nothingUses(ctx, record.id)) return null;
    return `instance ${record.id} is in no auto scaling group and behind no load balancer`;
  },
  since: { created: (raw) => dateOf(raw.LaunchTime) },
};
