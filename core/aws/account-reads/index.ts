import type { AccountReadKind } from './account-read.js';
import { ALARM_STATES } from './alarm-states.js';
import { AVAILABILITY_ZONES } from './availability-zones.js';
import { BALANCER_CROSS_ZONE } from './balancer-cross-zone.js';
import { HEALTH_CHECK_STATUS } from './health-check-status.js';
import { HEALTH_READ_KINDS } from './health-reads.js';
import { LOG_GROUP_READ_KINDS } from './log-group-reads.js';
import { LOG_WRITER_READ_KINDS } from './log-writers.js';
import { METRIC_DATAPOINTS } from './metric-datapoints.js';
import { RDS_SNAPSHOT_READ_KINDS } from './rds-snapshot-reads.js';
import { SERVICE_LIMIT_KINDS } from './service-limits.js';
import { SERVICE_QUOTA } from './service-quota.js';
import { SSM_AGENTS } from './ssm-agents.js';
import { USAGE_COUNT_KINDS } from './usage-counts.js';

export * from './account-read.js';
export { AccountReadCache } from './account-read-cache.js';
export { alarmStates } from './alarm-states.js';
export { availabilityZones } from './availability-zones.js';
export { balancerCrossZone } from './balancer-cross-zone.js';
export { healthCheckStatus } from './health-check-status.js';
export { instanceStatusChecks, scalingActivitiesInProgress } from './health-reads.js';
export * from './log-group-reads.js';
export * from './log-writers.js';
export * from './metric-datapoints.js';
export * from './rds-snapshot-reads.js';
export * from './service-limits.js';
export { serviceQuota } from './service-quota.js';
export { ssmAgents } from './ssm-agents.js';
export * from './usage-counts.js';

/** Every kind of account read simian makes (beside the types' listings): `simian iam-policy` grants their permissions, as it does the types'. */
export const ACCOUNT_READ_KINDS: readonly AccountReadKind[] = [
  SERVICE_QUOTA,
  ...SERVICE_LIMIT_KINDS,
  ...USAGE_COUNT_KINDS,
  AVAILABILITY_ZONES,
  ...HEALTH_READ_KINDS,
  BALANCER_CROSS_ZONE,
  SSM_AGENTS,
  ALARM_STATES,
  HEALTH_CHECK_STATUS,
  // Doctor's metric rules (and the Janitor's activity); the Janitor's uses of log groups and RDS snapshots.
  METRIC_DATAPOINTS,
  ...LOG_GROUP_READ_KINDS,
  ...LOG_WRITER_READ_KINDS,
  ...RDS_SNAPSHOT_READ_KINDS,
];

/** The union of every account read's permissions, sorted. */
export function accountReadPermissions(kinds: readonly AccountReadKind[] = ACCOUNT_READ_KINDS): string[] {
  return [...new Set(kinds.flatMap((kind) => kind.permissions))].sort();
}
