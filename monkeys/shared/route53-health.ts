import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { healthCheckStatus } from '../../core/aws/account-reads/health-check-status.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';

/** One weighted record set as Kong judges it: its weight and whether its health check passes. */
export interface WeightedSet {
  readonly setIdentifier: string;
  readonly weight: number | undefined;
  readonly healthy: boolean;
  readonly healthReason: string;
  readonly recordSet: ResourceRecordSet;
}

/**
 * Healthy = no health check attached, or every checker reports Success. A health check that cannot be read counts
 * as unhealthy (fail closed: Kong must never evacuate toward a region it cannot vouch for).
 */
export async function judgeSet(set: ResourceRecordSet, clients: AwsClients, target: AwsTarget): Promise<WeightedSet> {
  const base = { setIdentifier: set.SetIdentifier ?? '', weight: set.Weight, recordSet: set };
  if (!set.HealthCheckId) return { ...base, healthy: true, healthReason: 'no health check' };
  try {
    const observations = await healthCheckStatus(set.HealthCheckId).read(clients, target);
    const failing = observations.filter((status) => !status.startsWith('Success'));
    if (observations.length === 0) return { ...base, healthy: false, healthReason: 'health check has no observations' };
    return failing.length === 0
      ? { ...base, healthy: true, healthReason: `health check ${set.HealthCheckId} passes` }
      : { ...base, healthy: false, healthReason: `health check ${set.HealthCheckId} fails` };
  } catch (error) {
    return { ...base, healthy: false, healthReason: `health check unreadable: ${(error as Error).message}` };
  }
}
