import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { JanitorRule } from './rule.js';
import { nothingUses } from './rule.js';

/**
 * A log group that received no event for more than N days (its latest stream's last event; a group with no event is
 * judged by its creation) and that nothing reads or protects: no subscription filter, no metric filter, no export
 * task running, no delivery destination sending to it, no data protection policy.
 */
export const idleLogGroup: JanitorRule<LogGroup> = {
  id: 'idle-log-group',
  type: 'log-group',
  description:
    'log group with no event for more than N days, no subscription filter, metric filter, running export, delivery destination or data protection policy',
  defaultDays: 90,
  unused(record, ctx) {
    if (nothingUses(ctx, record.id)) return null;
    const last = ctx.world.observed.lastEvents[record.id];
    return `log group ${record.name ?? record.id} ${last ? `has had no event since ${last}` : 'has never had an event'} and nothing reads it`;
  },
  since: {
    active: (record, world) => {
      const last = world.observed.lastEvents[record.id];
      const latest = Math.max(last ? Date.parse(last) : 0, record.raw.creationTime ?? 0);
      return latest > 0 ? new Date(latest) : undefined;
    },
  },
};
