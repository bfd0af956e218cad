import type { Action } from '../../plan/action.js';
import type { Effect, EffectContext, EffectOutcome } from '../effect.js';
import { applyEach } from './each-action.js';
import { autoScalingFor } from './group-subnets.js';
import { noParams } from './param-shapes.js';

/**
 * Where the instance stands in its group now: its lifecycle state, or undefined when no group holds it any more
 * (terminated, detached). DescribeAutoScalingInstances reads one instance per action, batched by the executor's
 * batch size of 1.
 */
export async function groupLifecycleOf(action: Action, ctx: EffectContext): Promise<string | undefined> {
  const { DescribeAutoScalingInstancesCommand } = await import('@aws-sdk/client-auto-scaling');
  const answer = await autoScalingFor(action, ctx).send(
    new DescribeAutoScalingInstancesCommand({ InstanceIds: [action.resource] }),
  );
  return answer.AutoScalingInstances?.find((instance) => instance.InstanceId === action.resource)?.LifecycleState;
}

async function terminateOne(action: Action, ctx: EffectContext): Promise<EffectOutcome> {
  const { TerminateInstanceInAutoScalingGroupCommand } = await import('@aws-sdk/client-auto-scaling');
  const state = await groupLifecycleOf(action, ctx);
  // Gone from the group, or already on its way out: a job delivered twice finds the work done.
  if (state === undefined || /^Terminat/.test(state)) return { resource: action.resource, ok: true, already: true };
  await autoScalingFor(action, ctx).send(
    new TerminateInstanceInAutoScalingGroupCommand({
      InstanceId: action.resource,
      ShouldDecrementDesiredCapacity: false,
    }),
  );
  return { resource: action.resource, ok: true };
}

/**
 * Terminates an instance through its Auto Scaling group with the desired capacity kept, so that the group launches
 * a replacement (into the zone where it has the fewest instances). Cannot be undone. Resource: the instance id.
 */
export const terminateInGroup: Effect = {
  kind: 'terminate-in-group',
  description: 'Terminate an instance in its Auto Scaling group, desired capacity kept (the group relaunches it)',
  permissions: ['autoscaling:DescribeAutoScalingInstances', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
  batchSize: 1,
  pacing: 'autoscaling:TerminateInstanceInAutoScalingGroup',
  capped: 'instance',
  paramsSchema: noParams,
  apply: (actions, ctx) => applyEach(actions, (action) => terminateOne(action, ctx)),
};
