import { z } from 'zod';
import { atOnceParams } from '../../safety/at-once.js';
import type { Effect } from '../effect.js';
import { applyEach } from './each-action.js';
import { autoScalingFor } from './group-subnets.js';
import { markTags, writeMarkTags } from './mark-tags.js';
import { groupLifecycleOf } from './terminate-in-group.js';

/**
 * Marks an instance Unhealthy in its Auto Scaling group, so that the group replaces it (Doctor's `replace`). Grace
 * periods are not respected: Doctor already judged the instance. Cannot be undone (the group terminates it).
 */
export const setInstanceHealth: Effect = {
  kind: 'set-instance-health',
  description: 'Mark an instance Unhealthy in its Auto Scaling group (the group replaces it)',
  permissions: ['autoscaling:DescribeAutoScalingInstances', 'autoscaling:SetInstanceHealth', 'ec2:CreateTags'],
  batchSize: 1,
  pacing: 'autoscaling:SetInstanceHealth',
  capped: 'instance',
  paramsSchema: z.strictObject({
    health: z.literal('Unhealthy'),
    markTags: markTags.optional(),
    atOnce: atOnceParams.optional(),
  }),
  apply: (actions, ctx) =>
    applyEach(actions, async (action) => {
      const { SetInstanceHealthCommand } = await import('@aws-sdk/client-auto-scaling');
      const state = await groupLifecycleOf(action, ctx);
      if (state === undefined) return { resource: action.resource, ok: false, error: 'the instance is in no group' };
      if (/^Terminat/.test(state)) return { resource: action.resource, ok: true, already: true };
      await writeMarkTags([action], ctx);
      await autoScalingFor(action, ctx).send(
        new SetInstanceHealthCommand({
          InstanceId: action.resource,
          HealthStatus: 'Unhealthy',
          ShouldRespectGracePeriod: false,
        }),
      );
      return { resource: action.resource, ok: true };
    }),
};
