import { OWNED_TAG } from './effects/fault-state-tags.js';
import { ISOLATION_TAG } from './effects/network-acls.js';
import { RESTORED_TAG } from './effects/restored-tag.js';

/**
 * How AWS itself checks, at the moment of each mutating call, that the resource is simian's to touch. Keyed by
 * permission, so an effect gets its condition from the permissions it declares: a new effect that uses
 * ec2:TerminateInstances is conditioned like every other one, and a permission found in neither table below makes
 * `simian iam-policy` fail (and its test with it) until someone decides which it is.
 */

/** ARN patterns of the resources whose tags AWS reads (any region, any account: the role is per account). */
export const RESOURCE_ARNS = {
  instance: 'arn:aws:ec2:*:*:instance/*',
  volume: 'arn:aws:ec2:*:*:volume/*',
  snapshot: 'arn:aws:ec2:*::snapshot/*',
  image: 'arn:aws:ec2:*::image/*',
  'elastic-ip': 'arn:aws:ec2:*:*:elastic-ip/*',
  'security-group': 'arn:aws:ec2:*:*:security-group/*',
  'network-interface': 'arn:aws:ec2:*:*:network-interface/*',
  subnet: 'arn:aws:ec2:*:*:subnet/*',
  'network-acl': 'arn:aws:ec2:*:*:network-acl/*',
  'launch-template': 'arn:aws:ec2:*:*:launch-template/*',
  vpc: 'arn:aws:ec2:*:*:vpc/*',
  'auto-scaling-group': 'arn:aws:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/*',
  'load-balancer': 'arn:aws:elasticloadbalancing:*:*:loadbalancer/*',
  'target-group': 'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
  'acm-certificate': 'arn:aws:acm:*:*:certificate/*',
  'iam-server-certificate': 'arn:aws:iam::*:server-certificate/*',
  'ssm-shell-document': 'arn:aws:ssm:*::document/AWS-RunShellScript',
  'rds-snapshot': 'arn:aws:rds:*:*:snapshot:*',
  'rds-cluster-snapshot': 'arn:aws:rds:*:*:cluster-snapshot:*',
  'log-group': 'arn:aws:logs:*:*:log-group:*',
} as const;
export type ConditionedResource = keyof typeof RESOURCE_ARNS;

/** The condition-key prefix under which each service exposes a resource's tags. */
export type TagKeyPrefix = 'aws:ResourceTag' | 'autoscaling:ResourceTag' | 'ssm:resourceTag';

/**
 * What the tag must say on the resource acted on:
 * - `opt-in`: a monkey's own action (session tag simian-monkey): its tag (or `simian:all`) says enabled/true, and a
 *   Deny refuses it when either says disabled/false; for the Janitor, the resource bears its mark
 *   (`simian:janitor:delete-after`) and a Deny refuses it when `simian:janitor` says disabled/false;
 * - `tagged`: a revert (session tag simian-revert): the monkey's key (or `simian:all`) is present, whatever its
 *   value: a group that opted out during a fault must still be put back;
 * - `owned`: simian's own marker tag (`simian:owned`, the isolation ACL's tag), monkey-independent;
 * - `created-owned`: the create call carries simian's marker tag (`aws:RequestTag`).
 */
export type TagMatch =
  | { readonly kind: 'opt-in' | 'tagged' }
  | { readonly kind: 'owned' | 'created-owned'; readonly key: string; readonly value: string };

export interface TagScope {
  readonly resource: ConditionedResource;
  readonly prefix: TagKeyPrefix;
  readonly match: TagMatch;
  /** The one monkey granted this scope (absent: every monkey whose effects use the permission). */
  readonly only?: string;
}

export interface TagCondition {
  /** The resource(s) whose tags AWS checks. */
  readonly scopes: readonly TagScope[];
  /** Other resources the same call is authorized on, which carry no opt-in (the volume of a detach, the VPC of a create). */
  readonly alsoOn?: readonly ConditionedResource[];
}

const OPT_IN = { kind: 'opt-in' } as const;
const TAGGED = { kind: 'tagged' } as const;
const on = (resource: ConditionedResource, prefix: TagKeyPrefix, match: TagMatch): TagScope => ({
  resource,
  prefix,
  match,
});
const ec2Instance = (match: TagMatch) => on('instance', 'aws:ResourceTag', match);
const group = (match: TagMatch) => on('auto-scaling-group', 'autoscaling:ResourceTag', match);
const simianOwned: TagMatch = { kind: 'owned', key: OWNED_TAG, value: 'true' };
const janitorRestored: TagMatch = { kind: 'created-owned', key: RESTORED_TAG, value: 'true' };
/** A restore's scope on a permission other monkeys use too: the Janitor's alone. */
const janitorOnly = (scope: TagScope): TagScope => ({ ...scope, only: 'janitor' });
const isolationAcl: TagMatch = { kind: 'owned', key: ISOLATION_TAG.key, value: ISOLATION_TAG.value };

/**
 * Every destructive permission that AWS lets us condition on the resource's tags. Entries for permissions no
 * registered effect uses yet are kept on purpose: the coming effects (Janitor deletions, Doctor, Circus) get their
 * conditions from here without a line of their own.
 */
export const TAG_CONDITIONS: Readonly<Record<string, TagCondition>> = {
  // EC2 instances: the tag is read on the instance, so the group's opt-in tag must propagate at launch.
  'ec2:TerminateInstances': { scopes: [ec2Instance(OPT_IN)] },
  'ec2:StopInstances': { scopes: [ec2Instance(OPT_IN)] },
  'ec2:RebootInstances': { scopes: [ec2Instance(OPT_IN)] },
  'ec2:StartInstances': { scopes: [ec2Instance(TAGGED)] },
  // Shared by a fault (block-network) and its revert: the fault needs the opt-in, the revert the key.
  'ec2:ModifyInstanceAttribute': { scopes: [ec2Instance(OPT_IN), ec2Instance(TAGGED)], alsoOn: ['security-group'] },
  'ec2:DetachVolume': { scopes: [ec2Instance(OPT_IN)], alsoOn: ['volume'] },
  'ec2:AttachVolume': { scopes: [ec2Instance(TAGGED)], alsoOn: ['volume'] },
  // SSM Run Command: the instance's tag (ssm:resourceTag); the shell document is AWS's own and carries none. The
  // cancel of a host fault (a revert) needs the key only.
  'ssm:SendCommand': {
    scopes: [on('instance', 'ssm:resourceTag', OPT_IN), on('instance', 'ssm:resourceTag', TAGGED)],
    alsoOn: ['ssm-shell-document'],
  },
  // Auto Scaling groups: the group's own tag, no propagation needed.
  'autoscaling:UpdateAutoScalingGroup': { scopes: [group(OPT_IN), group(TAGGED)] },
  'autoscaling:SetInstanceHealth': { scopes: [group(OPT_IN)] },
  'autoscaling:TerminateInstanceInAutoScalingGroup': { scopes: [group(OPT_IN)] },
  'autoscaling:EnterStandby': { scopes: [group(OPT_IN)] },
  'autoscaling:ExitStandby': { scopes: [group(TAGGED)] },
  'autoscaling:SuspendProcesses': { scopes: [group(OPT_IN)] },
  'autoscaling:ResumeProcesses': { scopes: [group(TAGGED)] },
  'autoscaling:SetDesiredCapacity': { scopes: [group(OPT_IN)] },
  'autoscaling:DeleteAutoScalingGroup': { scopes: [group(OPT_IN)] },
  'autoscaling:DetachInstances': { scopes: [group(OPT_IN)] },
  'autoscaling:AttachInstances': { scopes: [group(TAGGED)] },
  // What simian creates for a fault, and may then change or delete, carries its own marker; a security group a Janitor
  // restore creates again carries the restore's, and only such a group gets its rules back (the Janitor's scopes alone).
  'ec2:CreateSecurityGroup': {
    scopes: [
      on('security-group', 'aws:ResourceTag', { ...simianOwned, kind: 'created-owned' }),
      janitorOnly(on('security-group', 'aws:ResourceTag', janitorRestored)),
    ],
    alsoOn: ['vpc'],
  },
  'ec2:RevokeSecurityGroupEgress': {
    scopes: [
      on('security-group', 'aws:ResourceTag', simianOwned),
      janitorOnly(on('security-group', 'aws:ResourceTag', { ...janitorRestored, kind: 'owned' })),
    ],
  },
  'ec2:AuthorizeSecurityGroupIngress': {
    scopes: [on('security-group', 'aws:ResourceTag', { ...janitorRestored, kind: 'owned' })],
  },
  'ec2:AuthorizeSecurityGroupEgress': {
    scopes: [on('security-group', 'aws:ResourceTag', { ...janitorRestored, kind: 'owned' })],
  },
  'ec2:RevokeSecurityGroupIngress': { scopes: [on('security-group', 'aws:ResourceTag', simianOwned)] },
  'ec2:CreateNetworkAcl': {
    scopes: [on('network-acl', 'aws:ResourceTag', { ...isolationAcl, kind: 'created-owned' })],
    alsoOn: ['vpc'],
  },
  'ec2:DeleteNetworkAcl': { scopes: [on('network-acl', 'aws:ResourceTag', isolationAcl)] },
  // Janitor deletions: only what bears the Janitor's mark, never what says simian:janitor=disabled.
  'ec2:DeleteVolume': { scopes: [on('volume', 'aws:ResourceTag', OPT_IN)] },
  'ec2:DeleteSnapshot': { scopes: [on('snapshot', 'aws:ResourceTag', OPT_IN)] },
  // The Janitor's backup before a volume goes: the volume's tag decides; the new snapshot carries none yet.
  'ec2:CreateSnapshot': { scopes: [on('volume', 'aws:ResourceTag', OPT_IN)], alsoOn: ['snapshot'] },
  'ec2:DeregisterImage': { scopes: [on('image', 'aws:ResourceTag', OPT_IN)] },
  // Janitor restores: only a create that carries the restore's own marker (the source snapshot carries none).
  'ec2:CreateVolume': { scopes: [on('volume', 'aws:ResourceTag', janitorRestored)], alsoOn: ['snapshot'] },
  'ec2:RegisterImage': { scopes: [on('image', 'aws:ResourceTag', janitorRestored)], alsoOn: ['snapshot'] },
  'autoscaling:CreateAutoScalingGroup': { scopes: [on('auto-scaling-group', 'aws:ResourceTag', janitorRestored)] },
  'elasticloadbalancing:CreateLoadBalancer': { scopes: [on('load-balancer', 'aws:ResourceTag', janitorRestored)] },
  'elasticloadbalancing:CreateTargetGroup': { scopes: [on('target-group', 'aws:ResourceTag', janitorRestored)] },
  'ec2:AllocateAddress': { scopes: [on('elastic-ip', 'aws:ResourceTag', janitorRestored)] },
  'ec2:CreateNetworkInterface': {
    scopes: [on('network-interface', 'aws:ResourceTag', janitorRestored)],
    alsoOn: ['subnet', 'security-group'],
  },
  'elasticloadbalancing:ConfigureHealthCheck': {
    scopes: [on('load-balancer', 'aws:ResourceTag', { ...janitorRestored, kind: 'owned' })],
  },
  'ec2:ReleaseAddress': { scopes: [on('elastic-ip', 'aws:ResourceTag', OPT_IN)] },
  'ec2:DeleteSecurityGroup': { scopes: [on('security-group', 'aws:ResourceTag', OPT_IN)] },
  'ec2:DeleteNetworkInterface': { scopes: [on('network-interface', 'aws:ResourceTag', OPT_IN)] },
  'rds:DeleteDBSnapshot': { scopes: [on('rds-snapshot', 'aws:ResourceTag', OPT_IN)] },
  'rds:DeleteDBClusterSnapshot': { scopes: [on('rds-cluster-snapshot', 'aws:ResourceTag', OPT_IN)] },
  'logs:DeleteLogGroup': { scopes: [on('log-group', 'aws:ResourceTag', OPT_IN)] },
  'ec2:DeleteLaunchTemplate': { scopes: [on('launch-template', 'aws:ResourceTag', OPT_IN)] },
  'elasticloadbalancing:DeleteLoadBalancer': { scopes: [on('load-balancer', 'aws:ResourceTag', OPT_IN)] },
  'elasticloadbalancing:DeleteTargetGroup': { scopes: [on('target-group', 'aws:ResourceTag', OPT_IN)] },
  'acm:DeleteCertificate': { scopes: [on('acm-certificate', 'aws:ResourceTag', OPT_IN)] },
  'iam:DeleteServerCertificate': { scopes: [on('iam-server-certificate', 'aws:ResourceTag', OPT_IN)] },
};

/**
 * Tagging is conditioned on the tag keys instead of the resource: simian writes only its own state marks
 * (`simian:<area>:<name>`, two colons: `simian:chaos:original-security-groups`, `simian:janitor:marked-at`) and
 * removes only those, so it can never write or remove an opt-in or opt-out key (`simian:chaos`, `simian:janitor`),
 * which has one colon. Tags given at creation (`ec2:CreateAction`) are allowed on the resources simian creates.
 */
export const TAGGING_PERMISSIONS = [
  'ec2:CreateTags',
  'ec2:DeleteTags',
  // The Janitor's marks on the other resource types it manages (each service offers aws:TagKeys).
  'autoscaling:CreateOrUpdateTags',
  'autoscaling:DeleteTags',
  'elasticloadbalancing:AddTags',
  'elasticloadbalancing:RemoveTags',
  'acm:AddTagsToCertificate',
  'acm:RemoveTagsFromCertificate',
  'iam:TagServerCertificate',
  'iam:UntagServerCertificate',
  'rds:AddTagsToResource',
  'rds:RemoveTagsFromResource',
  'logs:TagResource',
  'logs:UntagResource',
] as const;
export const MARK_KEY_PATTERN = 'simian:*:*';
/** The Janitor's mark (the contract's lifecycle tag): what it may delete bears it. */
export const JANITOR_MARK_KEY = 'simian:janitor:delete-after';
/** The create calls whose TagSpecifications need ec2:CreateTags. */
export const CREATE_ACTIONS_WITH_TAGS = [
  'AllocateAddress',
  'CreateNetworkAcl',
  'CreateNetworkInterface',
  'CreateSecurityGroup',
  'CreateVolume',
  'RegisterImage',
] as const;

export interface Untaggable {
  /** Why AWS cannot check a tag for this call. */
  readonly why: string;
  /** The simian guard that covers it instead. */
  readonly guard: string;
}

/**
 * Destructive permissions that cannot be tag-conditioned, each with the guard that covers it. The README's table
 * "Actions that cannot be tag-conditioned" and docs/iam.md list exactly these (a test compares them).
 */
export const NOT_TAG_CONDITIONED: Readonly<Record<string, Untaggable>> = {
  'ec2:ReplaceNetworkAclAssociation': {
    why: 'authorized on the network ACLs only (the simian deny-all one, then the original at restore); the subnet is not a resource of the call, so no condition says whose subnet it is',
    guard:
      'reach check of isolate-subnets (spares a subnet holding anything not opted in) and the opt-in re-check of its groups',
  },
  'route53:ChangeResourceRecordSets': {
    why: 'record sets carry no tags and hosted zones offer no tag condition keys',
    guard:
      "UPSERT of the records Kong's schedule entries name only (iam-route53.ts: Route 53's record-name and type condition keys); Kong re-reads each before changing it and refuses one that would leave no healthy region (guard kong-health)",
  },
  'autoscaling:DeleteLaunchConfiguration': {
    why: 'launch configurations cannot be tagged',
    guard: "the Janitor's fresh re-read (still used by no group) and its mark → notify → delete lifecycle",
  },
  'autoscaling:CreateLaunchConfiguration': {
    why: 'launch configurations cannot be tagged, so neither the request nor the configuration can carry a condition tag',
    guard:
      "only `simian janitor restore` (the Janitor's session tag), under the name the Janitor deleted, from the Janitor's record; an instance profile in it also needs iam:PassRole, which the policy does not grant",
  },
  'elasticloadbalancing:CreateListener': {
    why: 'a listener is created on a load balancer by its ARN; listeners are not among the resources simian conditions',
    guard:
      "only `simian janitor restore`, on the load balancer it has just created (tagged simian:janitor:restored), from the Janitor's record",
  },
  'elasticloadbalancing:CreateRule': {
    why: 'a rule is created on a listener by its ARN; rules are not among the resources simian conditions',
    guard: "only `simian janitor restore`, on the listeners it has just created, from the Janitor's record",
  },
  'sns:Publish': {
    why: "a notice to an owner (Doctor's notify remedy through the SNS channel): it changes no resource of the fleet",
    guard: 'the topics are the ones named in notifications; the remedy is guarded like any other action',
  },
  'ses:SendEmail': {
    why: "a notice to an owner (Doctor's notify remedy through the SES channel): it changes no resource of the fleet",
    guard:
      'the sender and recipients come from notifications and the owner tag; the remedy is guarded like any other action',
  },
};
