import { CreateOrUpdateTagsCommand, DeleteTagsCommand as DeleteGroupTagsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateTagsCommand, DeleteTagsCommand } from '@aws-sdk/client-ec2';
import {
  AddTagsCommand as AddClassicTagsCommand,
  RemoveTagsCommand as RemoveClassicTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import { AddTagsCommand, RemoveTagsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Action } from '../../plan/action.js';
import type { EffectContext } from '../effect.js';
import type { JanitorResourceType } from './janitor-params.js';

/** Each tagging API the Janitor's lifecycle tags go through (EC2, Auto Scaling, ELBv2, classic ELB). */
export const TAGGING_PERMISSIONS = {
  write: ['ec2:CreateTags', 'autoscaling:CreateOrUpdateTags', 'elasticloadbalancing:AddTags'],
  remove: ['ec2:DeleteTags', 'autoscaling:DeleteTags', 'elasticloadbalancing:RemoveTags'],
} as const;

const EC2_TAGGED: ReadonlySet<JanitorResourceType> = new Set(['instance', 'volume', 'snapshot', 'image', 'elastic-ip']);

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
    await ctx.clients.ec2(target).send(new CreateTagsCommand({ Resources: [action.resource], Tags: list }));
  } else if (type === 'auto-scaling-group') {
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
  } else if (type === 'load-balancer') {
    await ctx.clients.elbv2(target).send(new AddTagsCommand({ ResourceArns: [action.resource], Tags: list }));
  } else if (type === 'classic-load-balancer') {
    await ctx.clients.elb(target).send(new AddClassicTagsCommand({ LoadBalancerNames: [action.resource], Tags: list }));
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
    await ctx.clients
      .ec2(target)
      .send(new DeleteTagsCommand({ Resources: [action.resource], Tags: keys.map((Key) => ({ Key })) }));
  } else if (type === 'auto-scaling-group') {
    await ctx.clients.autoScaling(target).send(
      new DeleteGroupTagsCommand({
        Tags: keys.map((Key) => ({ Key, ResourceId: action.resource, ResourceType: 'auto-scaling-group' })),
      }),
    );
  } else if (type === 'load-balancer') {
    await ctx.clients
      .elbv2(target)
      .send(new RemoveTagsCommand({ ResourceArns: [action.resource], TagKeys: [...keys] }));
  } else if (type === 'classic-load-balancer') {
    await ctx.clients
      .elb(target)
      .send(new RemoveClassicTagsCommand({ LoadBalancerNames: [action.resource], Tags: keys.map((Key) => ({ Key })) }));
  } else {
    throw new Error(`a ${type} cannot carry tags`);
  }
}
