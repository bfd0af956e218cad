import type { Instance } from '@aws-sdk/client-ec2';
import { attributesKnown } from '../world.js';
import { dateOf, type JanitorRule, nothingUses } from './rule.js';

const LIVE = new Set(['pending', 'running', 'stopping', 'stopped']);

/**
 * An instance in no Auto Scaling group older than N days that nothing uses: no load balancer, no route, no Elastic
 * IP, no second interface, no termination protection, no CPU or network activity. Off unless enabled: a standalone
 * server is more often a pet than an orphan.
 */
export const orphanedInstance: JanitorRule<Instance> = {
  id: 'orphaned-instance',
  type: 'instance',
  description:
    'instance in no Auto Scaling group, older than N days, used by nothing (balancer, route, Elastic IP, interface, protection, activity); off by default',
  defaultDays: 3,
  defaultEnabled: false,
  unused(record, ctx) {
    if (!LIVE.has(record.raw.State?.Name ?? '')) return null;
    if (record.tags['aws:autoscaling:groupName'] !== undefined) return null;
    if (nothingUses(ctx, record.id)) return null;
    if (!attributesKnown(ctx.world.observed, record.id)) return null;
    return `instance ${record.id} is in no auto scaling group and nothing uses it`;
  },
  since: { created: (raw) => dateOf(raw.LaunchTime) },
};
