import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import {
  logDeliveryDestinations,
  logExportTasks,
  logGroupLatestEvent,
  logMetricFilters,
  logSubscriptionFilters,
  vpcFlowLogs,
} from '../../core/aws/account-reads/log-group-reads.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { mapLimit } from '../../core/aws/resources/support.js';
import type { ResourceRecord } from '../../core/aws/resources/types.js';
import { logWriterUses } from './log-writer-reads.js';
import { type FoundUse, IN_FLIGHT, readOrDoubt, type Unreadable } from './use-reads.js';

/** What the reads of log groups found: their uses, and when each last received an event. */
export interface LogGroupReads {
  readonly uses: readonly FoundUse[];
  /** Log group ARN → ISO time of its latest event (absent: no stream holds one). */
  readonly lastEvents: Readonly<Record<string, string>>;
}

/** Export tasks still moving a group's events out (PENDING, RUNNING). */
const EXPORTING = ['PENDING', 'RUNNING'] as const;

/**
 * Each group's latest event (DescribeLogStreams ordered by LastEventTime, descending, limit 1) and its subscription
 * filters (DescribeSubscriptionFilters): two calls a group. The later of the stream's last event and last ingestion
 * counts (AWS updates lastEventTimestamp lazily).
 */
async function perGroup(
  clients: AwsClients,
  target: AwsTarget,
  groups: readonly ResourceRecord<LogGroup>[],
  unreadable: Unreadable,
) {
  return mapLimit(groups, IN_FLIGHT, async (group) => {
    const logGroupName = group.raw.logGroupName;
    const last = await readOrDoubt(`the latest event of log group ${logGroupName}`, [group.id], unreadable, 0, () =>
      logGroupLatestEvent(logGroupName).read(clients, target),
    );
    const filters = await readOrDoubt(
      `the subscription filters of log group ${logGroupName}`,
      [group.id],
      unreadable,
      [],
      async () => {
        const found = await logSubscriptionFilters(logGroupName).read(clients, target);
        return found.map((filter) => ({
          id: group.id,
          by: `subscription filter ${filter.filterName ?? '?'} (to ${filter.destinationArn ?? 'unknown destination'})`,
        }));
      },
    );
    return { id: group.id, last, filters };
  });
}

/**
 * Uses the account answers for every group at once, one paged read each: metric filters (DescribeMetricFilters),
 * export tasks still running (DescribeExportTasks), delivery destinations that send vended logs to a group
 * (DescribeDeliveryDestinations), VPC flow logs writing to a group (EC2 DescribeFlowLogs: a quiet network writes
 * nothing for days, and its flow log fails without its group), and the services that write to a group
 * (log-writer-reads.ts). A failed read leaves every group in doubt.
 */
async function accountWide(
  clients: AwsClients,
  target: AwsTarget,
  groups: readonly ResourceRecord<LogGroup>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  const doubt = groups.map((group) => group.id);
  const byName = new Map(groups.map((group) => [group.raw.logGroupName, group.id]));
  const metric = await readOrDoubt('the metric filters', doubt, unreadable, [], async () => {
    const filters = await logMetricFilters.read(clients, target);
    return filters.flatMap((filter) => {
      const id = byName.get(filter.logGroupName);
      const metrics = (filter.metricTransformations ?? []).map((m) => `${m.metricNamespace}/${m.metricName}`);
      return id ? [{ id, by: `metric filter ${filter.filterName ?? '?'} (${metrics.join(', ') || 'no metric'})` }] : [];
    });
  });
  const exports = await readOrDoubt('the export tasks', doubt, unreadable, [], async () => {
    const found: FoundUse[] = [];
    for (const statusCode of EXPORTING) {
      const tasks = await logExportTasks(statusCode).read(clients, target);
      for (const task of tasks) {
        const id = byName.get(task.logGroupName);
        // The status is checked again: an endpoint that ignores the filter (moto) answers finished tasks too.
        if (id && task.status?.code === statusCode)
          found.push({ id, by: `export task ${task.taskId ?? '?'} (${statusCode.toLowerCase()})` });
      }
    }
    return found;
  });
  const byArn = new Set(doubt);
  const deliveries = await readOrDoubt('the delivery destinations', doubt, unreadable, [], async () => {
    const destinations = await logDeliveryDestinations.read(clients, target);
    return destinations.flatMap((destination) => {
      const arn = destination.deliveryDestinationConfiguration?.destinationResourceArn?.replace(/:\*$/, '');
      return arn && byArn.has(arn) ? [{ id: arn, by: `delivery destination ${destination.name ?? '?'}` }] : [];
    });
  });
  const flowLogs = await readOrDoubt('the VPC flow logs', doubt, unreadable, [], async () => {
    const flows = await vpcFlowLogs.read(clients, target);
    return flows.flatMap((flow) => {
      const named = flow.LogGroupName ? byName.get(flow.LogGroupName) : undefined;
      const arn = flow.LogDestination?.replace(/:\*$/, '');
      const id = named ?? (arn && byArn.has(arn) ? arn : undefined);
      return id ? [{ id, by: `flow log ${flow.FlowLogId ?? '?'} of ${flow.ResourceId ?? 'a network resource'}` }] : [];
    });
  });
  const writers = await logWriterUses(clients, target, groups, unreadable);
  return [...metric, ...exports, ...deliveries, ...flowLogs, ...writers];
}

/**
 * Every use of log groups the listing does not show, and each group's latest event. A data protection policy is
 * told by the listing itself (dataProtectionStatus): a group under one is kept. Read-only; a read that fails
 * leaves what it concerns unreadable, so in use (fail closed) and reported.
 */
export async function logGroupReads(
  clients: AwsClients,
  target: AwsTarget,
  groups: readonly ResourceRecord<LogGroup>[],
  unreadable: Unreadable,
): Promise<LogGroupReads> {
  if (groups.length === 0) return { uses: [], lastEvents: {} };
  const each = await perGroup(clients, target, groups, unreadable);
  const protectedGroups = groups.flatMap((group) =>
    group.raw.dataProtectionStatus === 'ACTIVATED' ? [{ id: group.id, by: 'a data protection policy' }] : [],
  );
  return {
    uses: [
      ...each.flatMap((group) => group.filters),
      ...protectedGroups,
      ...(await accountWide(clients, target, groups, unreadable)),
    ],
    lastEvents: Object.fromEntries(
      each.filter((group) => group.last > 0).map((group) => [group.id, new Date(group.last).toISOString()]),
    ),
  };
}
