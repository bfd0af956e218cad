import {
  type ResourceType,
  resourceReadPermissions,
  resourceTypes,
  resourceTypesWithoutPermissions,
} from '../aws/resources/index.js';
import { DEFAULT_TAG_PREFIX } from '../fleet/opt-in.js';
import type { MonkeyKind } from '../plan/monkey-kind.js';
import type { Effect } from './effect.js';
import {
  CREATE_ACTIONS_WITH_TAGS,
  MARK_KEY_PATTERN,
  NOT_TAG_CONDITIONED,
  RESOURCE_ARNS,
  TAG_CONDITIONS,
  TAGGING_PERMISSIONS,
  type TagScope,
} from './iam-conditions.js';
import { allEffects } from './registry.js';

/**
 * Read-only calls of inventory, guards and monkeys' preparation (describe/list/get; Janitor's use reads among them). The permissions of every action
 * kind come from the effect registry instead, so a new effect can never be missing from the policy.
 */
export const READ_PERMISSIONS: readonly string[] = [
  'autoscaling:DescribeAccountLimits',
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeLifecycleHooks',
  'autoscaling:DescribeScheduledActions',
  'autoscaling:DescribeWarmPool',
  'cloudwatch:DescribeAlarms',
  'cloudwatch:GetMetricData',
  'ec2:DescribeAccountAttributes',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeImageAttribute',
  'ec2:DescribeInstanceAttribute',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeInstances',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSnapshotAttribute',
  'ec2:DescribeSubnets',
  'ec2:DescribeVolumes',
  'ec2:DescribeVpcs',
  'elasticloadbalancing:DescribeAccountLimits',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTargetHealth',
  'iam:GetServerCertificate',
  'route53:GetAccountLimit',
  'route53:GetHealthCheckStatus',
  'route53:GetHostedZoneCount',
  'route53:ListResourceRecordSets',
  'servicequotas:GetServiceQuota',
  'ssm:DescribeInstanceInformation',
  'ssm:DescribeParameters',
  'ssm:GetParameters',
  'sts:GetCallerIdentity',
];

/** Values simian reads as opt-in and opt-out (contract: case-insensitive, true/false are synonyms). */
const ENABLED = ['enabled', 'true'];
const DISABLED = ['disabled', 'false'];

export type PolicyCondition = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** What the policy needs to know of a monkey: its tag, its kind and the action kinds it performs. */
export interface PolicyMonkey {
  readonly name: string;
  readonly kind: MonkeyKind;
  readonly acts?: readonly string[];
}

export interface IamPolicyOptions {
  /**
   * The monkeys to grant; each gets its own effects under its own tag. Absent: every effect, conditioned on
   * `simian:all` alone (the CLI always passes the monkeys).
   */
  readonly monkeys?: readonly PolicyMonkey[];
  readonly roleArns?: readonly string[];
  readonly types?: readonly ResourceType[];
  /** The config's tags.prefix (default `simian`). */
  readonly tagPrefix?: string;
  /**
   * false: no tag conditions (for YAML rules with `requireTag: false`, which opt in groups that carry no tag: AWS
   * would refuse every action on them). The client-side guards still hold; AWS no longer backs them.
   */
  readonly tagConditions?: boolean;
}

/** The most characters (whitespace aside) a customer managed policy holds; an inline role policy holds 10,240. */
export const MANAGED_POLICY_LIMIT = 6144;

/** A policy's size as IAM counts it: its characters, whitespace outside strings aside. */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/** Kinds that declare no permission: the policy cannot be trusted while any exists. */
export function effectsWithoutPermissions(effects: readonly Effect[] = allEffects()): string[] {
  return effects.filter((effect) => effect.permissions.length === 0).map((effect) => effect.kind);
}

/** Describe/List/Get: reads, granted on every resource. */
export function isReadPermission(permission: string): boolean {
  return /^[a-z0-9-]+:(Describe|List|Get)/.test(permission);
}

/**
 * Destructive permissions with neither a tag condition nor an entry in the documented "cannot be tag-conditioned"
 * list: the policy refuses to exist while any does, so a new effect cannot slip in unconditioned.
 */
export function permissionsWithoutCondition(effects: readonly Effect[] = allEffects()): string[] {
  const missing = effects
    .flatMap((effect) => effect.permissions)
    .filter(
      (permission) =>
        !isReadPermission(permission) &&
        !(permission in TAG_CONDITIONS) &&
        !(permission in NOT_TAG_CONDITIONED) &&
        !(TAGGING_PERMISSIONS as readonly string[]).includes(permission),
    );
  return [...new Set(missing)].sort();
}

/** One permission on one resource under one condition; grants sharing resource and condition become one statement. */
interface Grant {
  readonly label: string;
  readonly action: string;
  readonly resource: string;
  readonly condition?: PolicyCondition;
}

/** The conditions under which a monkey's tag lets an action through; several = any one of them (one statement each). */
function tagConditions(scope: TagScope, monkey: PolicyMonkey | undefined, prefix: string): PolicyCondition[] {
  const key = (name: string) => `${scope.prefix}/${prefix}:${name}`;
  const { match } = scope;
  if (match.kind === 'owned') return [{ StringEquals: { [`${scope.prefix}/${match.key}`]: match.value } }];
  if (match.kind === 'created-owned') return [{ StringEquals: { [`aws:RequestTag/${match.key}`]: match.value } }];
  if (monkey?.kind === 'janitor') return [{ StringNotEqualsIgnoreCase: { [key(monkey.name)]: DISABLED } }];
  // Without a monkey (a library call that names none), only simian:all can be named: pass the monkeys.
  const names = monkey ? [monkey.name, 'all'] : ['all'];
  if (match.kind === 'tagged') return names.map((name) => ({ Null: { [key(name)]: 'false' } }));
  // Opt-out wins: the monkey's enabled tag counts unless simian:all says disabled, and the other way round.
  return names.map((name) => {
    const other = names.find((candidate) => candidate !== name);
    return {
      StringEqualsIgnoreCase: { [key(name)]: ENABLED },
      ...(other ? { StringNotEqualsIgnoreCase: { [key(other)]: DISABLED } } : {}),
    };
  });
}

function grantsFor(permission: string, monkey: PolicyMonkey | undefined, options: IamPolicyOptions): Grant[] {
  const who = monkey?.name ?? 'any';
  const prefix = options.tagPrefix ?? DEFAULT_TAG_PREFIX;
  if (options.tagConditions === false) return [{ label: 'actions', action: permission, resource: '*' }];
  const untaggable: Grant = { label: 'untaggable', action: permission, resource: '*' };
  if ((TAGGING_PERMISSIONS as readonly string[]).includes(permission)) return taggingGrants(permission, prefix);
  const conditioned = TAG_CONDITIONS[permission];
  // Not conditioned: one of NOT_TAG_CONDITIONED (iamPolicy refused anything else before building grants).
  if (!conditioned) return [untaggable];
  const grants: Grant[] = [];
  for (const scope of conditioned.scopes) {
    const monkeyScoped = scope.match.kind === 'opt-in' || scope.match.kind === 'tagged';
    const conditions = tagConditions(scope, monkey, prefix);
    conditions.forEach((condition, index) => {
      const via = scope.prefix.split(':')[0] === 'aws' ? '' : `-${scope.prefix.split(':')[0]}`;
      grants.push({
        label: monkeyScoped
          ? `${who}-${scope.match.kind}${via}-${index === 0 ? 'own' : 'all'}-tag`
          : `${scope.match.kind}-${scope.resource}`,
        action: permission,
        resource: RESOURCE_ARNS[scope.resource],
        condition,
      });
    });
  }
  for (const other of conditioned.alsoOn ?? []) {
    grants.push({ label: 'also-on', action: permission, resource: RESOURCE_ARNS[other] });
  }
  return grants;
}

/** Tagging: only simian's own marks on existing resources; with EC2, any tag when simian creates the resource. */
function taggingGrants(permission: string, prefix: string): Grant[] {
  // The effects' own marks are spelled simian:…; marks under a configured prefix count too.
  const patterns = [...new Set([MARK_KEY_PATTERN, `${prefix}:*:*`])];
  const marks: Grant = {
    label: 'marks',
    action: permission,
    resource: '*',
    condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': patterns }, Null: { 'aws:TagKeys': 'false' } },
  };
  if (permission !== 'ec2:CreateTags') return [marks];
  return [
    marks,
    {
      label: 'create-action',
      action: permission,
      resource: '*',
      condition: { StringEquals: { 'ec2:CreateAction': [...CREATE_ACTIONS_WITH_TAGS] } },
    },
  ];
}

function pascal(label: string): string {
  return label
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
}

/**
 * Grants merged into statements: first each action's resources under one condition, then the actions that share
 * both condition and resources. No statement grants an action on a resource it was not granted on.
 */
function statementsOf(grants: readonly Grant[]): PolicyStatement[] {
  const perAction = new Map<string, { grant: Grant; resources: Set<string> }>();
  for (const grant of grants) {
    const key = JSON.stringify([grant.action, grant.condition ?? null]);
    const entry = perAction.get(key) ?? { grant, resources: new Set<string>() };
    entry.resources.add(grant.resource);
    perAction.set(key, entry);
  }
  const merged = new Map<string, { grant: Grant; actions: Set<string>; resources: string[] }>();
  for (const { grant, resources } of perAction.values()) {
    const sorted = [...resources].sort();
    const key = JSON.stringify([sorted, grant.condition ?? null]);
    const entry = merged.get(key) ?? { grant, actions: new Set<string>(), resources: sorted };
    entry.actions.add(grant.action);
    merged.set(key, entry);
  }
  const sids = new Map<string, number>();
  return [...merged.values()].map(({ grant, actions, resources }) => {
    const base = `Simian${pascal(grant.label)}`;
    const seen = (sids.get(base) ?? 0) + 1;
    sids.set(base, seen);
    return {
      Sid: seen === 1 ? base : `${base}${seen}`,
      Effect: 'Allow' as const,
      Action: [...actions].sort(),
      Resource: resources.length === 1 ? (resources[0] as string) : resources,
      ...(grant.condition ? { Condition: grant.condition } : {}),
    };
  });
}

/** The effects a monkey performs: the kinds it declares, or (for one that declares none) every registered one. */
function effectsOf(monkey: PolicyMonkey | undefined, effects: readonly Effect[]): Effect[] {
  if (!monkey?.acts) return [...effects];
  const known = new Map(effects.map((effect) => [effect.kind, effect]));
  return monkey.acts.map((kind) => {
    const effect = known.get(kind);
    if (!effect) throw new Error(`monkey "${monkey.name}" acts with unknown action kind "${kind}"`);
    return effect;
  });
}

/**
 * The IAM policy simian needs: `SimianRead` (READ_PERMISSIONS, every resource type's read permissions and the
 * effects' own reads) on every resource, then each monkey's destructive permissions on the resources AWS reads its
 * tag on, under `aws:ResourceTag/simian:<monkey>` (or `simian:all`) conditions, the documented untaggable ones
 * unconditioned, and sts:AssumeRole on the configured roles. Fails for an effect or a resource type that declares
 * no permission, and for a destructive permission found in neither condition table.
 */
export function iamPolicy(effects: readonly Effect[] = allEffects(), options: IamPolicyOptions = {}): PolicyDocument {
  const types = options.types ?? resourceTypes;
  const missing = effectsWithoutPermissions(effects);
  if (missing.length > 0) throw new Error(`action kinds without declared permissions: ${missing.join(', ')}`);
  const blind = resourceTypesWithoutPermissions(types);
  if (blind.length > 0) throw new Error(`resource types without declared permissions: ${blind.join(', ')}`);
  const acting = options.monkeys?.filter((monkey) => monkey.kind !== 'report');
  const granted: { monkey?: PolicyMonkey; effects: readonly Effect[] }[] = acting
    ? acting.map((monkey) => ({ monkey, effects: effectsOf(monkey, effects) }))
    : [{ effects }];
  const unconditioned = permissionsWithoutCondition(granted.flatMap((entry) => entry.effects));
  if (unconditioned.length > 0) {
    throw new Error(
      `permissions with no IAM condition and not in the "cannot be tag-conditioned" list (core/actuator/iam-conditions.ts): ${unconditioned.join(', ')}`,
    );
  }
  const actionPermissions = (list: readonly Effect[]) => [...new Set(list.flatMap((effect) => effect.permissions))];
  const reads = new Set([
    ...READ_PERMISSIONS,
    ...resourceReadPermissions(types),
    ...actionPermissions(granted.flatMap((entry) => entry.effects)).filter(isReadPermission),
  ]);
  const grants = granted.flatMap(({ monkey, effects: list }) =>
    actionPermissions(list)
      .filter((permission) => !reads.has(permission))
      .sort()
      .flatMap((permission) => grantsFor(permission, monkey, options)),
  );
  const statements: PolicyStatement[] = [
    { Sid: 'SimianRead', Effect: 'Allow', Action: [...reads].sort(), Resource: '*' },
    ...statementsOf(grants),
  ];
  const roleArns = options.roleArns ?? [];
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
