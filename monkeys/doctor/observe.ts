import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { type DoctorParams, type MetricRule, periodOf } from './params.js';

/** What Doctor's prepare step read, beyond the snapshot: status checks, in-progress scaling, metric datapoints. */
export interface DoctorObserved {
  /** When the reads were made (metric windows end here). */
  readonly at: Date;
  /** Running instances whose instance or system status check is impaired, with which. */
  readonly impaired: ReadonlyMap<string, string>;
  /** Groups with a scaling activity in progress, with its description. */
  readonly scaling: ReadonlyMap<string, string>;
  /** Per metric rule id, per instance id: the datapoints of the rule's window (oldest first). */
  readonly metrics: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
}

/** GetMetricData takes at most 500 queries per call. */
const QUERIES_PER_CALL = 500;

/** Every running instance's status checks (the declared read); answers those impaired, and every id seen. */
async function statusChecks(clients: AwsClients, target: AwsTarget) {
  const { instanceStatusChecks } = await import('../../core/aws/account-reads/health-reads.js');
  const statuses = await instanceStatusChecks.read(clients, target);
  const impaired = new Map(
    statuses.flatMap(({ instanceId, failed }) => (failed.length > 0 ? [[instanceId, failed.join(', ')] as const] : [])),
  );
  return { impaired, running: statuses.map((status) => status.instanceId) };
}

/** One GetMetricData query per rule and instance, 500 per call, each window ending at `at`. */
export async function metricDatapoints(
  clients: AwsClients,
  target: AwsTarget,
  rules: readonly MetricRule[],
  instanceIds: readonly string[],
  at: Date,
): Promise<Map<string, Map<string, number[]>>> {
  const { GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
  const result = new Map(rules.map((rule) => [rule.id, new Map<string, number[]>()]));
  // One call per rule window (they differ by rule), the instances split 500 at a time.
  for (const rule of rules) {
    const period = periodOf(rule);
    for (let start = 0; start < instanceIds.length; start += QUERIES_PER_CALL) {
      const slice = instanceIds.slice(start, start + QUERIES_PER_CALL);
      const byQuery = new Map(slice.map((id, index) => [`q${index}`, id]));
      let nextToken: string | undefined;
      do {
        const answer = await clients.cloudWatch(target).send(
          new GetMetricDataCommand({
            StartTime: new Date(at.getTime() - rule.for),
            EndTime: at,
            ScanBy: 'TimestampAscending',
            NextToken: nextToken,
            MetricDataQueries: [...byQuery].map(([id, instanceId]) => ({
              Id: id,
              ReturnData: true,
              MetricStat: {
                Metric: {
                  Namespace: rule.namespace,
                  MetricName: rule.metric,
                  Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
                },
                Period: period / 1000,
                Stat: rule.statistic,
              },
            })),
          }),
        );
        for (const series of answer.MetricDataResults ?? []) {
          const instanceId = series.Id ? byQuery.get(series.Id) : undefined;
          if (!instanceId) continue;
          const values = result.get(rule.id)?.get(instanceId) ?? [];
          values.push(...(series.Values ?? []));
          result.get(rule.id)?.set(instanceId, values);
        }
        nextToken = answer.NextToken;
      } while (nextToken);
    }
  }
  return result;
}

/** Doctor's read-only step: every read batched (status pages of 1,000, one activity sweep, metrics 500 a call). */
export async function observeHealth(
  params: DoctorParams,
  clients: AwsClients,
  target: AwsTarget,
): Promise<DoctorObserved> {
  const at = new Date();
  const metricRules = params.rules.filter((rule): rule is MetricRule => rule.source === 'metric');
  const { impaired, running } = await statusChecks(clients, target);
  const { scalingActivitiesInProgress } = await import('../../core/aws/account-reads/health-reads.js');
  const scaling = await scalingActivitiesInProgress.read(clients, target);
  const metrics =
    metricRules.length > 0 ? await metricDatapoints(clients, target, metricRules, running, at) : new Map();
  return { at, impaired, scaling, metrics };
}
