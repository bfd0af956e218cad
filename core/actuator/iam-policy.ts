import {
  type ResourceType,
  resourceReadPermissions,
  resourceTypes,
  resourceTypesWithoutPermissions,
} from '../aws/resources/index.js';
import type { Effect } from './effect.js';
import { allEffects } from './registry.js';

/**
 * Read-only calls of inventory, guards and monkeys' preparation (describe/list/get). The permissions of every action
 * kind come from the effect registry instead, so a new effect can never be missing from the policy.
 */
export const READ_PERMISSIONS: readonly string[] = [
  'autoscaling:DescribeAutoScalingGroups',
  'cloudwatch:DescribeAlarms',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVolumes',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'iam:GetServerCertificate',
  'route53:GetHealthCheckStatus',
  'route53:ListResourceRecordSets',
  'sts:GetCallerIdentity',
];

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** Kinds that declare no permission: the policy cannot be trusted while any exists. */
export function effectsWithoutPermissions(effects: readonly Effect[] = allEffects()): string[] {
  return effects.filter((effect) => effect.permissions.length === 0).map((effect) => effect.kind);
}

/**
 * The IAM policy simian needs: `SimianRead` (READ_PERMISSIONS plus the union of every resource type's read
 * permissions), `SimianActions` (the union of every registered effect's permissions), and sts:AssumeRole on the
 * configured roles. Fails for an effect or a resource type that declares no permission.
 */
export function iamPolicy(
  effects: readonly Effect[] = allEffects(),
  roleArns: readonly string[] = [],
  types: readonly ResourceType[] = resourceTypes,
): PolicyDocument {
  const missing = effectsWithoutPermissions(effects);
  if (missing.length > 0) throw new Error(`action kinds without declared permissions: ${missing.join(', ')}`);
  const blind = resourceTypesWithoutPermissions(types);
  if (blind.length > 0) throw new Error(`resource types without declared permissions: ${blind.join(', ')}`);
  const reads = new Set([...READ_PERMISSIONS, ...resourceReadPermissions(types)]);
  const actions = new Set(effects.flatMap((effect) => effect.permissions));
  const statements: PolicyStatement[] = [
    { Sid: 'SimianRead', Effect: 'Allow', Action: [...reads].sort(), Resource: '*' },
    {
      Sid: 'SimianActions',
      Effect: 'Allow',
      Action: [...actions].filter((action) => !reads.has(action)).sort(),
      Resource: '*',
    },
  ];
  if (roleArns.length > 0) {
    statements.push({
      Sid: 'SimianAssumeRoles',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: [...new Set(roleArns)].sort(),
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
