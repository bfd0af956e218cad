import type { AccountReadKind } from './account-read.js';
import { ALARM_STATES } from './alarm-states.js';
import { AVAILABILITY_ZONES } from './availability-zones.js';
import { BALANCER_CROSS_ZONE } from './balancer-cross-zone.js';
import { GROUP_USE_READ_KINDS } from './group-use-reads.js';
import { HEALTH_CHECK_STATUS } from './health-check-status.js';
import { HEALTH_READ_KINDS } from './health-reads.js';
import { IMAGE_SHARING } from './image-sharing.js';
import { INSTANCE_INTERFACES } from './instance-interfaces.js';
import { LAUNCH_TEMPLATE_VERSIONS } from './launch-template-versions.js';
import { LISTENER_READ_KINDS } from './listener-reads.js';
import { LOG_GROUP_READ_KINDS } from './log-group-reads.js';
import { LOG_WRITER_READ_KINDS } from './log-writers.js';
import { METRIC_DATAPOINTS } from './metric-datapoints.js';
import { RDS_SNAPSHOT_READ_KINDS } from './rds-snapshot-reads.js';
import { ROUTE_TABLES } from './route-tables.js';
import { SERVICE_LIMIT_KINDS } from './service-limits.js';
import { SERVICE_QUOTA } from './service-quota.js';
import { SNAPSHOT_SHARING } from './snapshot-sharing.js';
import { SSM_AGENTS } from './ssm-agents.js';
import { SSM_PARAMETER_KINDS } from './ssm-parameters.js';
import { TARGET_HEALTH } from './target-health.js';
import { TERMINATION_PROTECTION } from './termination-protection.js';
import { USAGE_COUNT_KINDS } from './usage-counts.js';

export * from './account-read.js';
export { AccountReadCache } from './account-read-cache.js';
export { alarmStates } from './alarm-states.js';
export { availabilityZones } from './availability-zones.js';
export { balancerCrossZone } from './balancer-cross-zone.js';
export { lifecycleHooks, scheduledActions, warmPool } from './group-use-reads.js';
export { healthCheckStatus } from './health-check-status.js';
export { instanceStatusChecks, scalingActivitiesInProgress } from './health-reads.js';
export { imageSharedWith } from './image-sharing.js';
export { instanceInterfaces } from './instance-interfaces.js';
export { launchTemplateVersions } from './launch-template-versions.js';
export { balancerListeners, listenerRules } from './listener-reads.js';
export * from './log-group-reads.js';
export * from './log-writers.js';
export * from './metric-datapoints.js';
export * from './rds-snapshot-reads.js';
export { routeTables } from './route-tables.js';
export * from './service-limits.js';
export { serviceQuota } from './service-quota.js';
export { snapshotSharedWith } from './snapshot-sharing.js';
export { ssmAgents } from './ssm-agents.js';
export { ssmParameters, ssmParameterValues } from './ssm-parameters.js';
export { registeredTargets } from './target-health.js';
export { terminationProtected } from './termination-protection.js';
export * from './usage-counts.js';

/**
 * Every kind of read simian makes beside the resource types' listings: `simian iam-policy` grants their
 * permissions, as it does the types'.
 */
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
  // The Janitor's use reads: a resource's own attributes, what refers to it (use-reads.ts, network-use-reads.ts, world.ts).
  LAUNCH_TEMPLATE_VERSIONS,
  ...SSM_PARAMETER_KINDS,
  TARGET_HEALTH,
  ...LISTENER_READ_KINDS,
  ...GROUP_USE_READ_KINDS,
  INSTANCE_INTERFACES,
  ROUTE_TABLES,
  IMAGE_SHARING,
  SNAPSHOT_SHARING,
  TERMINATION_PROTECTION,
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
