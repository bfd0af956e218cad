import type {
  DeliveryDestination,
  ExportTask,
  ExportTaskStatusCode,
  MetricFilter,
  SubscriptionFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import type { FlowLog } from '@aws-sdk/client-ec2';
import { collectPages } from '../resources/support.js';
import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

// What keeps a log group in use beyond its listing (Janitor): its latest event and subscription filters, one group at
// a time, and what the account points at groups (metric filters, exports, vended log deliveries, VPC flow logs).

const LOG_GROUP_LATEST_EVENT: AccountReadKind = {
  kind: 'log-group-latest-event',
  service: 'Logs',
  permissions: ['logs:DescribeLogStreams'],
};

const LOG_SUBSCRIPTION_FILTERS: AccountReadKind = {
  kind: 'log-subscription-filters',
  service: 'Logs',
  permissions: ['logs:DescribeSubscriptionFilters'],
};

const LOG_METRIC_FILTERS: AccountReadKind = {
  kind: 'log-metric-filters',
  service: 'Logs',
  permissions: ['logs:DescribeMetricFilters'],
};

const LOG_EXPORT_TASKS: AccountReadKind = {
  kind: 'log-export-tasks',
  service: 'Logs',
  permissions: ['logs:DescribeExportTasks'],
};

const LOG_DELIVERY_DESTINATIONS: AccountReadKind = {
  kind: 'log-delivery-destinations',
  service: 'Logs',
  permissions: ['logs:DescribeDeliveryDestinations'],
};

const VPC_FLOW_LOGS: AccountReadKind = {
  kind: 'vpc-flow-logs',
  service: 'EC2',
  permissions: ['ec2:DescribeFlowLogs'],
};

/** DescribeFlowLogs serves at most 1000 a page. */
const FLOW_LOGS_PAGE = 1000;

/**
 * When one group last received an event, in epoch ms (0: no stream holds one): its latest stream (DescribeLogStreams
 * ordered by LastEventTime, descending, limit 1), the later of its last event and last ingestion (AWS updates
 * lastEventTimestamp lazily).
 */
export function logGroupLatestEvent(logGroupName: string | undefined): AccountRead<number> {
  return accountRead(
    LOG_GROUP_LATEST_EVENT,
    async (clients, target) => {
      const { DescribeLogStreamsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
      const page = await clients
        .logs(target)
        .send(new DescribeLogStreamsCommand({ logGroupName, orderBy: 'LastEventTime', descending: true, limit: 1 }));
      const stream = page.logStreams?.[0];
      return Math.max(stream?.lastEventTimestamp ?? 0, stream?.lastIngestionTime ?? 0);
    },
    { name: `${LOG_GROUP_LATEST_EVENT.kind}:${logGroupName}` },
  );
}

/** One group's subscription filters (DescribeSubscriptionFilters, every page). */
export function logSubscriptionFilters(logGroupName: string | undefined): AccountRead<SubscriptionFilter[]> {
  return accountRead(
    LOG_SUBSCRIPTION_FILTERS,
    async (clients, target) => {
      const { DescribeSubscriptionFiltersCommand } = await import('@aws-sdk/client-cloudwatch-logs');
      const logs = clients.logs(target);
      return collectPages(async (token) => {
        const page = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName, nextToken: token }));
        return { items: page.subscriptionFilters, next: page.nextToken };
      });
    },
    { name: `${LOG_SUBSCRIPTION_FILTERS.kind}:${logGroupName}` },
  );
}

/** Every metric filter of the region (DescribeMetricFilters, every page). */
export const logMetricFilters = accountRead(LOG_METRIC_FILTERS, async (clients, target): Promise<MetricFilter[]> => {
  const { DescribeMetricFiltersCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const logs = clients.logs(target);
  return collectPages(async (token) => {
    const page = await logs.send(new DescribeMetricFiltersCommand({ nextToken: token }));
    return { items: page.metricFilters, next: page.nextToken };
  });
});

/** The export tasks of one status (DescribeExportTasks filtered by it, every page). */
export function logExportTasks(statusCode: ExportTaskStatusCode): AccountRead<ExportTask[]> {
  return accountRead(
    LOG_EXPORT_TASKS,
    async (clients, target) => {
      const { DescribeExportTasksCommand } = await import('@aws-sdk/client-cloudwatch-logs');
      const logs = clients.logs(target);
      return collectPages(async (token) => {
        const page = await logs.send(new DescribeExportTasksCommand({ statusCode, nextToken: token }));
        return { items: page.exportTasks, next: page.nextToken };
      });
    },
    { name: `${LOG_EXPORT_TASKS.kind}:${statusCode}` },
  );
}

/** Every delivery destination of the region (DescribeDeliveryDestinations, every page): where vended logs go. */
export const logDeliveryDestinations = accountRead(
  LOG_DELIVERY_DESTINATIONS,
  async (clients, target): Promise<DeliveryDestination[]> => {
    const { DescribeDeliveryDestinationsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const logs = clients.logs(target);
    return collectPages(async (token) => {
      const page = await logs.send(new DescribeDeliveryDestinationsCommand({ nextToken: token }));
      return { items: page.deliveryDestinations, next: page.nextToken };
    });
  },
);

/** Every VPC flow log of the region (EC2 DescribeFlowLogs, 1,000 a page). */
export const vpcFlowLogs = accountRead(VPC_FLOW_LOGS, async (clients, target): Promise<FlowLog[]> => {
  const { DescribeFlowLogsCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = clients.ec2(target);
  return collectPages(async (token) => {
    const page = await ec2.send(new DescribeFlowLogsCommand({ MaxResults: FLOW_LOGS_PAGE, NextToken: token }));
    return { items: page.FlowLogs, next: page.NextToken };
  });
});

export const LOG_GROUP_READ_KINDS: readonly AccountReadKind[] = [
  LOG_GROUP_LATEST_EVENT,
  LOG_SUBSCRIPTION_FILTERS,
  LOG_METRIC_FILTERS,
  LOG_EXPORT_TASKS,
  LOG_DELIVERY_DESTINATIONS,
  VPC_FLOW_LOGS,
];
