import { DetachInstancesCommand } from '@aws-sdk/client-auto-scaling';
import { z } from 'zod';
import type { Effect } from '../effect.js';
import { applyEach } from './each-action.js';
import { autoScalingFor } from './group-subnets.js';
import { markTags, writeMarkTags } from './mark-tags.js';
import { groupName } from './param-shapes.js';
import { groupLifecycleOf } from './terminate-in-group.js';

/**
 * Takes an instance out of its Auto Scaling group with the desired capacity kept: the group launches a replacement
 * at once, and the instance keeps running outside it for investigation (Doctor's `quarantine`, tagged so that a
 * later run terminates it after the grace period). Not undone: a person who wants it back attaches it again.
 */
export const detachInstance: Effect = {
  kind: 'detach-instance',
  description: 'Detach an instance from its Auto Scaling group, desired capacity kept (the group replaces it)',
  permissions: ['autoscaling:DescribeAutoScalingInstances', 'autoscaling:DetachInstances', 'ec2:CreateTags'],
  batchSize: 1,
  pacing: 'autoscaling:DetachInstances',
  capped: 'instance',
  paramsSchema: z.strictObject({ group: groupName, markTags: markTags.optional() }),
  apply: (actions, ctx) =>
    applyEach(actions, async (action) => {
      const state = await groupLifecycleOf(action, ctx);
      // Already out of the group (a job delivered twice): the tags were written before the first detach.
      if (state === undefined) return { resource: action.resource, ok: true, already: true };
      if (/^(Terminat|Detach)/.test(state)) return { resource: action.resource, ok: true, already: true };
      await writeMarkTags([action], ctx);
      await autoScalingFor(action, ctx).send(
        new DetachInstancesCommand({
          AutoScalingGroupName: action.params.group as string,
          InstanceIds: [action.resource],
          ShouldDecrementDesiredCapacity: false,
        }),
      );
      return { resource: action.resource, ok: true };
    }),
};
