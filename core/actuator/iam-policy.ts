import { accountReadPermissions } from '../aws/account-reads/index.js';
import {
  type ResourceType,
  resourceReadPermissions,
  resourceTypes,
  resourceTypesWithoutPermissions,
} from '../aws/resources/index.js';
import { MONKEY_SESSION_TAG, REVERT_SESSION_TAG } from '../aws/session-tags.js';
import { DEFAULT_TAG_PREFIX } from '../fleet/opt-in.js';
import type { MonkeyKind } from '../plan/monkey-kind.js';
import { type Effect, effectsOfMonkey, type MonkeyEffect } from './effect.js';
import {
  CREATE_ACTIONS_WITH_TAGS,
  JANITOR_MARK_KEY,
  MARK_KEY_PATTERN,
  NOT_TAG_CONDITIONED,
  RESOURCE_ARNS,
  TAG_CONDITIONS,
  TAGGING_PERMISSIONS,
  type TagScope,
} from './iam-conditions.js';
import { ROUTE53_CHANGE, type Route53Record, route53Conditions } from './iam-route53.js';
import { allEffects } from './registry.js';

/**
 * Read-only calls of inventory, guards and monkeys' preparation (describe/list/get; Janitor's use reads among them)
 * not yet declared with a resource type or an account read (core/aws/account-reads, whose permissions are added from
 * the declarations). The permissions of every action kind come from the effect registry instead, so a new effect can
 * never be missing from the policy.
 */
export const READ_PERMISSIONS: readonly string[] = [
  'autoscaling:DescribeAutoScalingGroups',
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVolumes',
  'iam:ListAccountAliases',
  'route53:ListResourceRecordSets',
  'sts:GetCallerIdentity',
];

/** Values simian reads as opt-in and opt-out (contract: case-insensitive, true/false are synonyms). */
const ENABLED = ['enabled', 'true'];

export type PolicyCondition = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: string | string[];
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** What the policy needs to know of a monkey: its tag, its kind and the effects it declares. */
export interface PolicyMonkey {
  readonly name: string;
  readonly kind: MonkeyKind;
  readonly effects?: readonly MonkeyEffect[];
}

/** A Route 53 record set Kong may change (from its schedule entries' params.records). */
export type PolicyRecord = Route53Record;

export interface IamPolicyOptions {
  /** The monkeys to grant; each gets its own effects under its own session tag and resource tag. */
  readonly monkeys?: readonly PolicyMonkey[];
  readonly roleArns?: readonly string[];
  readonly types?: readonly ResourceType[];
  /** The config's tags.prefix (default `simian`). */
  readonly tagPrefix?: string;
  /**
   * false: no resource tag conditions (for YAML rules with `requireTag: false`, which opt in groups that carry no
   * tag: AWS would refuse every action on them). The client-side guards still hold; AWS no longer backs them. The
   * session tag conditions stay: a monkey still gets its own actions only.
   */
  readonly tagConditions?: boolean;
  /**
   * The record sets Kong's schedule entries name: its Route 53 changes are limited to them (names, types, hosted
   * zones). Absent or empty: any record of any hosted zone, UPSERT only (docs/iam.md).
   */
  readonly records?: readonly PolicyRecord[];
}

/** The most characters (whitespace aside) a customer managed policy holds; a role's inline policies hold 10,240. */
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
  readonly effect: 'Allow' | 'Deny';
  readonly action: string;
  readonly resource: string;
  readonly condition?: PolicyCondition;
}

/** A monkey's own actions, or the reverts of its faults: each under its own session tag. */
type Phase = 'act' | 'revert';

/** Adds conditions to a condition block, operator by operator (IAM ANDs them all). */
function withConditions(...parts: (PolicyCondition | undefined)[]): PolicyCondition {
  const merged: PolicyCondition = {};
  for (const part of parts) {
    for (const [operator, keys] of Object.entries(part ?? {})) merged[operator] = { ...merged[operator], ...keys };
  }
  return merged;
}

/** The session tag that says which monkey calls, and for what (docs/iam.md "Which monkey is calling"). */
function sessionCondition(monkey: PolicyMonkey, phase: Phase): PolicyCondition {
  const key = phase === 'act' ? MONKEY_SESSION_TAG : REVERT_SESSION_TAG;
  return { StringEquals: { [`aws:PrincipalTag/${key}`]: monkey.name } };
}

/**
 * The conditions under which a resource's tags let a monkey's call through (several = any one of them, one
 * statement each), and the Deny conditions that refuse it whatever else allows it (each one alone refuses).
 */
function tagConditions(
  scope: TagScope,
  monkey: PolicyMonkey,
  prefix: string,
): { allow: PolicyCondition[]; deny: PolicyCondition[] } {
  const key = (name: string) => `${scope.prefix}/${prefix}:${name}`;
  const { match } = scope;
  if (match.kind === 'owned')
    return { allow: [{ StringEquals: { [`${scope.prefix}/${match.key}`]: match.value } }], deny: [] };
  if (match.kind === 'created-owned') {
    return { allow: [{ StringEquals: { [`aws:RequestTag/${match.key}`]: match.value } }], deny: [] };
  }
  // Opt-out wins: any value of either key but an opt-in refuses the call (`disabled`, `false`, and the `off`/`keep`
  // someone writes to opt out: simian spares those too), whatever else allows it.
  const notOptedIn = (name: string) => ({
    Null: { [key(name)]: 'false' },
    StringNotEqualsIgnoreCase: { [key(name)]: ENABLED },
  });
  const names = [monkey.name, 'all'];
  if (monkey.kind === 'janitor') {
    // The Janitor opts everything in, so AWS lets it delete only what bears its own mark.
    const mark = `${scope.prefix}/${JANITOR_MARK_KEY.replace(/^simian:/, `${prefix}:`)}`;
    return { allow: [{ Null: { [mark]: 'false' } }], deny: match.kind === 'opt-in' ? names.map(notOptedIn) : [] };
  }
  if (match.kind === 'tagged') return { allow: names.map((name) => ({ Null: { [key(name)]: 'false' } })), deny: [] };
  return {
    allow: names.map((name) => ({ StringEqualsIgnoreCase: { [key(name)]: ENABLED } })),
    deny: names.map(notOptedIn),
  };
}

/**
 * The scopes a phase may use: a monkey's actions need the opt-in, its reverts only the key; simian's own marker, both.
 * A scope kept for one monkey is that monkey's alone.
 */
function scopesOf(permission: string, phase: Phase, monkey: PolicyMonkey): TagScope[] {
  const scopes = TAG_CONDITIONS[permission]?.scopes ?? [];
  return scopes.filter(
    (scope) =>
      scope.match.kind !== (phase === 'act' ? 'tagged' : 'opt-in') && (!scope.only || scope.only === monkey.name),
  );
}

function grantsFor(permission: string, monkey: PolicyMonkey, phase: Phase, options: IamPolicyOptions): Grant[] {
  const who = `${monkey.name}${phase === 'revert' ? '-revert' : ''}`;
  const prefix = options.tagPrefix ?? DEFAULT_TAG_PREFIX;
  const session = sessionCondition(monkey, phase);
  const allow = (label: string, resource: string, condition?: PolicyCondition): Grant => ({
    label: `${who}-${label}`,
    effect: 'Allow',
    action: permission,
    resource,
    condition: withConditions(session, condition),
  });
  if ((TAGGING_PERMISSIONS as readonly string[]).includes(permission)) {
    return taggingConditions(permission, prefix).map(({ label, condition }) => allow(label, '*', condition));
  }
  if (permission === ROUTE53_CHANGE)
    return route53Conditions(options.records).map((grant) => allow('records', grant.resource, grant.condition));
  const conditioned = TAG_CONDITIONS[permission];
  // Not conditioned: one of NOT_TAG_CONDITIONED (iamPolicy refused anything else before building grants).
  if (!conditioned) return [allow('untaggable', '*')];
  if (options.tagConditions === false) return [allow('actions', '*')];
  const scopes = scopesOf(permission, phase, monkey);
  if (scopes.length === 0)
    throw new Error(
      `${permission} has no IAM condition for a ${phase === 'act' ? "monkey's action" : 'revert'} (core/actuator/iam-conditions.ts)`,
    );
  const grants: Grant[] = [];
  for (const scope of scopes) {
    const resource = RESOURCE_ARNS[scope.resource];
    const via = scope.prefix.startsWith('aws:') ? '' : `-${scope.prefix.split(':')[0]}`;
    const { allow: allows, deny } = tagConditions(scope, monkey, prefix);
    const monkeyScoped = scope.match.kind === 'opt-in' || scope.match.kind === 'tagged';
    allows.forEach((condition, index) => {
      const label = monkeyScoped
        ? `${scope.match.kind}${via}-${index === 0 ? 'own' : 'all'}-tag`
        : `${scope.match.kind}-${scope.resource}`;
      grants.push(allow(label, resource, condition));
    });
    deny.forEach((condition, index) => {
      grants.push({
        label: `${who}-deny-opted-out${via}-${index === 0 ? 'own' : 'all'}-tag`,
        effect: 'Deny',
        action: permission,
        resource,
        condition: withConditions(session, condition),
      });
    });
  }
  for (const other of conditioned.alsoOn ?? []) grants.push(allow('also-on', RESOURCE_ARNS[other]));
  return grants;
}

/** Tagging: only simian's own marks on existing resources; with EC2, any tag when simian creates the resource. */
function taggingConditions(permission: string, prefix: string): { label: string; condition: PolicyCondition }[] {
  // The effects' own marks are spelled simian:…; marks under a configured prefix count too.
  const patterns = [...new Set([MARK_KEY_PATTERN, `${prefix}:*:*`])];
  const marks = {
    label: 'marks',
    condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': patterns }, Null: { 'aws:TagKeys': 'false' } },
  };
  if (permission !== 'ec2:CreateTags') return [marks];
  return [
    marks,
    { label: 'create-action', condition: { StringEquals: { 'ec2:CreateAction': [...CREATE_ACTIONS_WITH_TAGS] } } },
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
 * Grants merged into statements: first each action's resources under one effect and condition, then the actions
 * that share effect, condition and resources. No statement grants (or denies) an action on a resource it was not
 * granted (or denied) on.
 */
function statementsOf(grants: readonly Grant[]): PolicyStatement[] {
  const perAction = new Map<string, { grant: Grant; resources: Set<string> }>();
  for (const grant of grants) {
    const key = JSON.stringify([grant.effect, grant.action, grant.condition ?? null]);
    const entry = perAction.get(key) ?? { grant, resources: new Set<string>() };
    entry.resources.add(grant.resource);
    perAction.set(key, entry);
  }
  const merged = new Map<string, { grant: Grant; actions: Set<string>; resources: string[] }>();
  for (const { grant, resources } of perAction.values()) {
    const sorted = [...resources].sort();
    const key = JSON.stringify([grant.effect, sorted, grant.condition ?? null]);
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
      Effect: grant.effect,
      Action: [...actions].sort(),
      Resource: resources.length === 1 ? (resources[0] as string) : resources,
      ...(grant.condition && Object.keys(grant.condition).length > 0 ? { Condition: grant.condition } : {}),
    };
  });
}

/** The effects a monkey performs: those it declares (reverts included), or (for one that declares none) every registered one. */
function effectsOf(monkey: PolicyMonkey, effects: readonly Effect[]): Effect[] {
  return monkey.effects ? effectsOfMonkey(monkey.effects) : [...effects];
}

const permissionsOf = (list: readonly Effect[]) => [...new Set(list.flatMap((effect) => effect.permissions))].sort();

/** What every policy set checks before it is built. */
function checkRegistries(effects: readonly Effect[], types: readonly ResourceType[], monkeys: readonly PolicyMonkey[]) {
  const missing = effectsWithoutPermissions(effects);
  if (missing.length > 0) throw new Error(`action kinds without declared permissions: ${missing.join(', ')}`);
  const blind = resourceTypesWithoutPermissions(types);
  if (blind.length > 0) throw new Error(`resource types without declared permissions: ${blind.join(', ')}`);
  const unconditioned = permissionsWithoutCondition(monkeys.flatMap((monkey) => effectsOf(monkey, effects)));
  if (unconditioned.length > 0) {
    throw new Error(
      `permissions with no IAM condition and not in the "cannot be tag-conditioned" list (core/actuator/iam-conditions.ts): ${unconditioned.join(', ')}`,
    );
  }
}

const actingMonkeys = (options: IamPolicyOptions) =>
  (options.monkeys ?? []).filter((monkey) => monkey.kind !== 'report');

/**
 * The shared statements: `SimianRead` (READ_PERMISSIONS, every resource type's and account read's permissions and the effects'
 * own reads) on every resource, and sts:AssumeRole on the configured roles. No session tag: reads change nothing.
 */
export function readStatements(
  effects: readonly Effect[] = allEffects(),
  options: IamPolicyOptions = {},
): PolicyStatement[] {
  const types = options.types ?? resourceTypes;
  const monkeys = actingMonkeys(options);
  checkRegistries(effects, types, monkeys);
  const reads = new Set([
    ...READ_PERMISSIONS,
    ...resourceReadPermissions(types),
    ...accountReadPermissions(),
    ...permissionsOf(monkeys.flatMap((monkey) => effectsOf(monkey, effects))).filter(isReadPermission),
  ]);
  const statements: PolicyStatement[] = [
    { Sid: 'SimianRead', Effect: 'Allow', Action: [...reads].sort(), Resource: '*' },
  ];
  const roleArns = options.roleArns ?? [];
  if (roleArns.length > 0) {
    statements.push({
      Sid: 'SimianAssumeRoles',
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: [...new Set(roleArns)].sort(),
    });
  }
  return statements;
}

/**
 * One monkey's mutating statements: its actions under the session tag simian-monkey=<name> and the reverts of its
 * faults under simian-revert=<name>, each on the resources AWS reads its tag on, with a Deny for every opt-out; the
 * documented untaggable permissions under the session tag alone.
 */
export function monkeyStatements(
  monkey: PolicyMonkey,
  effects: readonly Effect[] = allEffects(),
  options: IamPolicyOptions = {},
): PolicyStatement[] {
  checkRegistries(effects, options.types ?? resourceTypes, [monkey]);
  if (monkey.kind === 'report') return [];
  const own = effectsOf(monkey, effects);
  const mutating = (list: readonly Effect[]) =>
    permissionsOf(list).filter((permission) => !isReadPermission(permission));
  const grants = [
    ...mutating(own.filter((effect) => !effect.revert)).flatMap((permission) =>
      grantsFor(permission, monkey, 'act', options),
    ),
    ...mutating(own.filter((effect) => effect.revert)).flatMap((permission) =>
      grantsFor(permission, monkey, 'revert', options),
    ),
  ];
  return statementsOf(grants);
}

/**
 * The IAM policy simian needs, as one document: the shared reads, then each monkey's statements. Fails for an
 * effect or a resource type that declares no permission, and for a destructive permission found in neither
 * condition table. Over a managed policy's size, attach `managedPolicies` instead.
 */
export function iamPolicy(effects: readonly Effect[] = allEffects(), options: IamPolicyOptions = {}): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      ...readStatements(effects, options),
      ...actingMonkeys(options).flatMap((monkey) => monkeyStatements(monkey, effects, options)),
    ],
  };
}
