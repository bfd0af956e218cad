import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

export const METRIC_DATAPOINTS: AccountReadKind = {
  kind: 'metric-datapoints',
  service: 'CloudWatch',
  permissions: ['cloudwatch:GetMetricData'],
};

/** One metric of every instance asked, over a window: what a rule (Doctor's, the Janitor's activity) judges. */
export interface InstanceMetric {
  /** The rule's id: the key of its datapoints in the answer. */
  readonly id: string;
  readonly namespace: string;
  readonly metric: string;
  /** `Average`, `Maximum`, `Sum` … */
  readonly statistic: string;
  /** The datapoint period, in ms (whole seconds). */
  readonly period: number;
  /** The window, in ms, ending at the read's `at`. */
  readonly for: number;
}

/** GetMetricData takes at most 500 queries per call. */
const QUERIES_PER_CALL = 500;

/**
 * Per metric id, per instance id: the datapoints of its window ending at `at` (oldest first). One GetMetricData query
 * per metric and instance, 500 per call, one call per metric window (they differ by metric), every page followed.
 */
export function instanceMetricData(
  metrics: readonly InstanceMetric[],
  instanceIds: readonly string[],
  at: Date,
): AccountRead<Map<string, Map<string, number[]>>> {
  return accountRead(
    METRIC_DATAPOINTS,
    async (clients, target) => {
      // Loaded with the first metric to read: a run without metric rules never pays for the CloudWatch package.
      const { GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
      const result = new Map(metrics.map((metric) => [metric.id, new Map<string, number[]>()]));
      for (const metric of metrics) {
        for (let start = 0; start < instanceIds.length; start += QUERIES_PER_CALL) {
          const slice = instanceIds.slice(start, start + QUERIES_PER_CALL);
          const byQuery = new Map(slice.map((id, index) => [`q${index}`, id]));
          let nextToken: string | undefined;
          do {
            const answer = await clients.cloudWatch(target).send(
              new GetMetricDataCommand({
                StartTime: new Date(at.getTime() - metric.for),
                EndTime: at,
                ScanBy: 'TimestampAscending',
                NextToken: nextToken,
                MetricDataQueries: [...byQuery].map(([id, instanceId]) => ({
                  Id: id,
                  ReturnData: true,
                  MetricStat: {
                    Metric: {
                      Namespace: metric.namespace,
                      MetricName: metric.metric,
                      Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
                    },
                    Period: metric.period / 1000,
                    Stat: metric.statistic,
                  },
                })),
              }),
            );
            for (const series of answer.MetricDataResults ?? []) {
              const instanceId = series.Id ? byQuery.get(series.Id) : undefined;
              if (!instanceId) continue;
              const values = result.get(metric.id)?.get(instanceId) ?? [];
              values.push(...(series.Values ?? []));
              result.get(metric.id)?.set(instanceId, values);
            }
            nextToken = answer.NextToken;
          } while (nextToken);
        }
      }
      return result;
    },
    {
      name: `${METRIC_DATAPOINTS.kind}:${metrics.map((metric) => metric.id).join(',')}@${at.toISOString()}:${instanceIds.join(',')}`,
    },
  );
}
