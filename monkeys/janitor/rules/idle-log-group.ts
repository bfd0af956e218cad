import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { JanitorRule } from './rule.js';
import { nothingUses } from './rule.js';

/**
 * A log group that received no event for more than N days (its latest stream's last event; a group with no event is
 * judged by its creation) and that nothing reads, writes to or protects: no subscription filter, no metric filter, no
 * export task running, no delivery destination or flow log sending to it, no CloudTrail trail, Route 53 query logging,
 * Lambda function or active ECS task definition naming it (log-writer-reads.ts), no data protection policy.
 */
export const idleLogGroup: JanitorRule<LogGroup> = {
  id: 'idle-log-group',
  type: 'log-group',
  description:
    'log group with no event for more than N days, no subscription filter, metric filter, running export, delivery destination, flow log, trail, query log, function or task definition writing to it, no data protection policy',
  defaultDays: 90,
  unused(record, ctx) {
    if (nothingUses(ctx, record.id)) return null;
    const last = ctx.world.observed.lastEvents[record.id];
    return `log group ${record.name ?? record.id} ${last ? `has had no event since ${last}` : 'has never had an event'} and nothing reads or writes to it`;
  },
  since: {
    active: (record, world) => {
      const last = world.observed.lastEvents[record.id];
      const latest = Math.max(last ? Date.parse(last) : 0, record.raw.creationTime ?? 0);
      return latest > 0 ? new Date(latest) : undefined;
    },
  },
};
