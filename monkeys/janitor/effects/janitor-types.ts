/**
 * The resource types Janitor cleans, in the order their deletions go (dependents first: a group before its launch
 * configuration). A Janitor action names its type, since an id alone does not tell a group's or a classic ELB's.
 * Launch templates are read for uses, never deleted. Interfaces go before security groups (an interface holds its
 * groups), balancers before target groups; RDS instance and cluster snapshots and log groups depend on nothing here. No imports: the CLI's --help lists these.
 */
export const JANITOR_RESOURCE_TYPES = [
  'instance',
  'auto-scaling-group',
  'load-balancer',
  'classic-load-balancer',
  'target-group',
  'launch-configuration',
  'image',
  'snapshot',
  'volume',
  'elastic-ip',
  'network-interface',
  'security-group',
  'rds-snapshot',
  'rds-cluster-snapshot',
  'log-group',
] as const;
export type JanitorResourceType = (typeof JANITOR_RESOURCE_TYPES)[number];
