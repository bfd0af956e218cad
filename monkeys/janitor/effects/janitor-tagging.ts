import { CreateTagsCommand, DeleteTagsCommand } from '@aws-sdk/client-ec2';
import type { EffectContext, EffectOutcome } from '../../../core/actuator/effect.js';
import { applyEach } from '../../../core/actuator/effects/each-action.js';
import type { Action } from '../../../core/plan/action.js';
import type { JanitorResourceType } from './janitor-params.js';

/** Each tagging API the Janitor's lifecycle tags go through (EC2, Auto Scaling, ELBv2, classic ELB, RDS, Logs). */
export const TAGGING_PERMISSIONS = {
  write: [
    'ec2:CreateTags',
    'autoscaling:CreateOrUpdateTags',
    'elasticloadbalancing:AddTags',
    'rds:AddTagsToResource',
    'logs:TagResource',
  ],
  remove: [
    'ec2:DeleteTags',
    'autoscaling:DeleteTags',
    'elasticloadbalancing:RemoveTags',
    'rds:RemoveTagsFromResource',
    'logs:UntagResource',
  ],
} as const;

const EC2_TAGGED: ReadonlySet<JanitorResourceType> = new Set([
  'instance',
  'volume',
  'snapshot',
  'image',
  'elastic-ip',
  'network-interface',
  'security-group',
]);
/** Types tagged by ARN through ELBv2's AddTags / RemoveTags. */
const ELBV2_TAGGED: ReadonlySet<JanitorResourceType> = new Set(['load-balancer', 'target-group']);
/** Types tagged by ARN through RDS's AddTagsToResource / RemoveTagsFromResource. */
const RDS_TAGGED: ReadonlySet<JanitorResourceType> = new Set(['rds-snapshot', 'rds-cluster-snapshot']);

/** CreateTags and DeleteTags take up to 1,000 resource ids; the effects' batches are no larger. */
export const EC2_TAGGING_BATCH = 1000;

function targetOf(action: Action, ctx: EffectContext) {
  return { region: action.region, account: action.account, ...(ctx.roleArn ? { roleArn: ctx.roleArn } : {}) };
}

/** Writes tags on one resource with its type's API. Writing a value already there changes nothing (idempotent). */
export async function writeTags(
  action: Action,
  type: JanitorResourceType,
  tags: Readonly<Record<string, string>>,
  ctx: EffectContext,
): Promise<void> {
  const target = targetOf(action, ctx);
  const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  if (EC2_TAGGED.has(type)) {
    await createEc2Tags(ctx, action, [action.resource], tags);
  } else if (type === 'auto-scaling-group') {
    const { CreateOrUpdateTagsCommand } = await import('@aws-sdk/client-auto-scaling');
    await ctx.clients.autoScaling(target).send(
      new CreateOrUpdateTagsCommand({
        Tags: list.map((tag) => ({
          ...tag,
          ResourceId: action.resource,
          ResourceType: 'auto-scaling-group',
          PropagateAtLaunch: false,
        })),
      }),
    );
  } else if (ELBV2_TAGGED.has(type)) {
    const { AddTagsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
    await ctx.clients.elbv2(target).send(new AddTagsCommand({ ResourceArns: [action.resource], Tags: list }));
  } else if (type === 'classic-load-balancer') {
    const { AddTagsCommand: AddClassicTagsCommand } = await import('@aws-sdk/client-elastic-load-balancing');
    await ctx.clients.elb(target).send(new AddClassicTagsCommand({ LoadBalancerNames: [action.resource], Tags: list }));
  } else if (RDS_TAGGED.has(type)) {
    const { AddTagsToResourceCommand } = await import('@aws-sdk/client-rds');
    await ctx.clients.rds(target).send(new AddTagsToResourceCommand({ ResourceName: action.resource, Tags: list }));
  } else if (type === 'log-group') {
    const { TagResourceCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    await ctx.clients.logs(target).send(new TagResourceCommand({ resourceArn: action.resource, tags: { ...tags } }));
  } else {
    throw new Error(`a ${type} cannot carry tags`);
  }
}

/** Removes tag keys from one resource with its type's API. Removing an absent key changes nothing (idempotent). */
export async function removeTags(
  action: Action,
  type: JanitorResourceType,
  keys: readonly string[],
  ctx: EffectContext,
): Promise<void> {
  const target = targetOf(action, ctx);
  if (EC2_TAGGED.has(type)) {
    await deleteEc2Tags(ctx, action, [action.resource], keys);
  } else if (type === 'auto-scaling-group') {
    const { DeleteTagsCommand: DeleteGroupTagsCommand } = await import('@aws-sdk/client-auto-scaling');
    await ctx.clients.autoScaling(target).send(
      new DeleteGroupTagsCommand({
        Tags: keys.map((Key) => ({ Key, ResourceId: action.resource, ResourceType: 'auto-scaling-group' })),
      }),
    );
  } else if (ELBV2_TAGGED.has(type)) {
    const { RemoveTagsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
    await ctx.clients
      .elbv2(target)
      .send(new RemoveTagsCommand({ ResourceArns: [action.resource], TagKeys: [...keys] }));
  } else if (type === 'classic-load-balancer') {
    const { RemoveTagsCommand: RemoveClassicTagsCommand } = await import('@aws-sdk/client-elastic-load-balancing');
    await ctx.clients
      .elb(target)
      .send(new RemoveClassicTagsCommand({ LoadBalancerNames: [action.resource], Tags: keys.map((Key) => ({ Key })) }));
  } else if (RDS_TAGGED.has(type)) {
    const { RemoveTagsFromResourceCommand } = await import('@aws-sdk/client-rds');
    await ctx.clients
      .rds(target)
      .send(new RemoveTagsFromResourceCommand({ ResourceName: action.resource, TagKeys: [...keys] }));
  } else if (type === 'log-group') {
    const { UntagResourceCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    await ctx.clients.logs(target).send(new UntagResourceCommand({ resourceArn: action.resource, tagKeys: [...keys] }));
  } else {
    throw new Error(`a ${type} cannot carry tags`);
  }
}

/** One resource's tag change: written alone, or (EC2 types) with every other resource given the same change. */
export interface TagChange {
  readonly action: Action;
  readonly type: JanitorResourceType;
  /** The change itself (tags to write, keys to remove), as a key: equal keys can share one EC2 call. */
  readonly same: string;
}

/**
 * Applies tag changes: one EC2 call (CreateTags / DeleteTags) per set of EC2 resources that get the same change in
 * one account and region, instead of one per resource; other types one at a time. A shared call that fails is
 * retried one resource at a time, so that each outcome (and error) stays the resource's own.
 */
export async function applyTagChanges(
  changes: readonly TagChange[],
  write: {
    /** The shared call for resources whose change is `first`'s. */
    readonly ec2: (first: Action, resources: readonly string[]) => Promise<unknown>;
    readonly one: (change: TagChange) => Promise<void>;
  },
): Promise<EffectOutcome[]> {
  const outcomes = new Map<Action, EffectOutcome>();
  const shared = new Map<string, TagChange[]>();
  const alone: TagChange[] = [];
  for (const change of changes) {
    if (!EC2_TAGGED.has(change.type)) {
      alone.push(change);
      continue;
    }
    const key = `${change.action.account}|${change.action.region}|${change.same}`;
    const together = shared.get(key);
    if (together) together.push(change);
    else shared.set(key, [change]);
  }
  for (const together of shared.values()) {
    for (let start = 0; start < together.length; start += EC2_TAGGING_BATCH) {
      const some = together.slice(start, start + EC2_TAGGING_BATCH);
      const first = some[0] as TagChange;
      try {
        await write.ec2(
          first.action,
          some.map((change) => change.action.resource),
        );
        for (const change of some) outcomes.set(change.action, { resource: change.action.resource, ok: true });
      } catch {
        alone.push(...some);
      }
    }
  }
  const byAction = new Map(alone.map((change) => [change.action, change]));
  const each = await applyEach([...byAction.keys()], async (action) => {
    await write.one(byAction.get(action) as TagChange);
    return { resource: action.resource, ok: true };
  });
  for (const [index, action] of [...byAction.keys()].entries()) outcomes.set(action, each[index] as EffectOutcome);
  return changes.map((change) => outcomes.get(change.action) as EffectOutcome);
}

/** CreateTags on EC2 resources of the action's account and region. */
export function createEc2Tags(
  ctx: EffectContext,
  action: Action,
  resources: readonly string[],
  tags: Readonly<Record<string, string>>,
): Promise<unknown> {
  const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return ctx.clients.ec2(targetOf(action, ctx)).send(new CreateTagsCommand({ Resources: [...resources], Tags: list }));
}

/** DeleteTags (these keys) on EC2 resources of the action's account and region. */
export function deleteEc2Tags(
  ctx: EffectContext,
  action: Action,
  resources: readonly string[],
  keys: readonly string[],
): Promise<unknown> {
  const list = keys.map((Key) => ({ Key }));
  return ctx.clients.ec2(targetOf(action, ctx)).send(new DeleteTagsCommand({ Resources: [...resources], Tags: list }));
}
