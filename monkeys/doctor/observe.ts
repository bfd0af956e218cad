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

/** Every running instance's status checks (the declared read); answers those impaired, and every id seen. */
async function statusChecks(clients: AwsClients, target: AwsTarget) {
  const { instanceStatusChecks } = await import('../../core/aws/account-reads/health-reads.js');
  const statuses = await instanceStatusChecks.read(clients, target);
  const impaired = new Map(
    statuses.flatMap(({ instanceId, failed }) => (failed.length > 0 ? [[instanceId, failed.join(', ')] as const] : [])),
  );
  return { impaired, running: statuses.map((status) => status.instanceId) };
}

/**
 * The datapoints of each metric rule's window ending at `at`, per rule id and instance id (the declared read: one
 * GetMetricData query per rule and instance, 500 per call).
 */
export async function metricDatapoints(
  clients: AwsClients,
  target: AwsTarget,
  rules: readonly MetricRule[],
  instanceIds: readonly string[],
  at: Date,
): Promise<Map<string, Map<string, number[]>>> {
  const { instanceMetricData } = await import('../../core/aws/account-reads/metric-datapoints.js');
  const metrics = rules.map((rule) => ({
    id: rule.id,
    namespace: rule.namespace,
    metric: rule.metric,
    statistic: rule.statistic,
    period: periodOf(rule),
    for: rule.for,
  }));
  return instanceMetricData(metrics, instanceIds, at).read(clients, target);
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
