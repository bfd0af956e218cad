import { InputError } from '../../errors.js';
import { acmCertificateType } from './acm-certificate.js';
import { autoScalingGroupType } from './auto-scaling-group.js';
import { classicLoadBalancerType } from './classic-load-balancer.js';
import { elasticIpType } from './elastic-ip.js';
import { iamServerCertificateType } from './iam-server-certificate.js';
import { imageType } from './image.js';
import { instanceType } from './instance.js';
import { launchConfigurationType } from './launch-configuration.js';
import { launchTemplateType } from './launch-template.js';
import { loadBalancerType } from './load-balancer.js';
import { logGroupType } from './log-group.js';
import { networkAclType } from './network-acl.js';
import { networkInterfaceType } from './network-interface.js';
import { rdsClusterSnapshotType } from './rds-cluster-snapshot.js';
import { rdsSnapshotType } from './rds-snapshot.js';
import { route53RecordType } from './route53-record.js';
import { securityGroupType } from './security-group.js';
import { snapshotType } from './snapshot.js';
import { subnetType } from './subnet.js';
import { targetGroupType } from './target-group.js';
import { RESOURCE_TYPE_NAMES, type ResourceType, type ResourceTypeName } from './types.js';
import { volumeType } from './volume.js';

export type { Route53RecordKey, Route53RecordRaw } from './route53-record.js';
export { parseRoute53RecordId, route53RecordId } from './route53-record.js';
export * from './types.js';

/** Every resource type by name, each typed with its SDK shape (`resourceTypeMap.volume` reads `Volume`s). */
export const resourceTypeMap = {
  instance: instanceType,
  'auto-scaling-group': autoScalingGroupType,
  volume: volumeType,
  snapshot: snapshotType,
  image: imageType,
  'launch-template': launchTemplateType,
  'launch-configuration': launchConfigurationType,
  'load-balancer': loadBalancerType,
  'classic-load-balancer': classicLoadBalancerType,
  'target-group': targetGroupType,
  'elastic-ip': elasticIpType,
  'security-group': securityGroupType,
  subnet: subnetType,
  'network-acl': networkAclType,
  'network-interface': networkInterfaceType,
  'route53-record': route53RecordType,
  'acm-certificate': acmCertificateType,
  'iam-server-certificate': iamServerCertificateType,
  'rds-snapshot': rdsSnapshotType,
  'log-group': logGroupType,
  'rds-cluster-snapshot': rdsClusterSnapshotType,
} as const satisfies { readonly [N in ResourceTypeName]: ResourceType };

export type ResourceTypeMap = typeof resourceTypeMap;

/** The SDK shape a type's records carry: `RawOf<'volume'>` is `Volume`. */
export type RawOf<N extends ResourceTypeName> = ResourceTypeMap[N] extends ResourceType<infer Raw> ? Raw : never;

/** Every resource type, in RESOURCE_TYPE_NAMES order (the registry that iam-policy, docs and snapshots read). */
export const resourceTypes: readonly ResourceType[] = RESOURCE_TYPE_NAMES.map((name) => resourceTypeMap[name]);

export function isResourceTypeName(name: string): name is ResourceTypeName {
  return (RESOURCE_TYPE_NAMES as readonly string[]).includes(name);
}

/** The type of that name; an unknown name fails (InputError, exit 2) with the list of valid ones. */
export function getResourceType<N extends ResourceTypeName>(name: N): ResourceTypeMap[N];
export function getResourceType(name: string): ResourceType;
export function getResourceType(name: string): ResourceType {
  if (!isResourceTypeName(name)) {
    throw new InputError(`unknown resource type "${name}" (valid types: ${RESOURCE_TYPE_NAMES.join(', ')})`);
  }
  return resourceTypeMap[name];
}

/**
 * The type an id belongs to, told by its shape (`i-…`, `vol-…`, `snap-…`, `ami-…`, `sg-…`, `subnet-…`, `acl-…`,
 * `eipalloc-…`, `lt-…`, ELBv2/ACM/IAM certificate ARNs, Route 53 record ids). Undefined for anything else, and
 * always for bare names (groups, launch configurations, classic load balancers): a name never says its type.
 */
export function resourceTypeOf(id: string): ResourceType | undefined {
  return resourceTypes.find((type) => type.recognisable && type.matches(id));
}

/** Types that declare no read permission: `simian iam-policy` refuses to print a policy while any exists. */
export function resourceTypesWithoutPermissions(types: readonly ResourceType[] = resourceTypes): string[] {
  return types.filter((type) => type.permissions.length === 0).map((type) => type.name);
}

/** The union of every type's read permissions, sorted. */
export function resourceReadPermissions(types: readonly ResourceType[] = resourceTypes): string[] {
  return [...new Set(types.flatMap((type) => type.permissions))].sort();
}
