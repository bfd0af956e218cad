import { z } from 'zod';
import { atOnceParams } from '../../safety/at-once.js';
import type { Effect } from '../effect.js';
import { doctorRecordOf } from './doctor-record-of.js';
import { applyEach } from './each-action.js';
import { autoScalingFor } from './group-subnets.js';
import { markTags, writeMarkTags } from './mark-tags.js';
import { groupName } from './param-shapes.js';
import { groupLifecycleOf } from './terminate-in-group.js';

/**
 * Takes an instance out of its Auto Scaling group with the desired capacity kept: the group launches a replacement
 * at once, and the instance keeps running outside it for investigation. Not undone: a person who wants it back
 * attaches it again. A `quarantine` (Doctor's remedy) is recorded in Doctor's record right before the detach
 * (forgotten again if the detach fails): only that record lets a later run terminate it after the grace period; the
 * tags mirror it for people. Without Redis a quarantine is not applied.
 */
export const detachInstance: Effect = {
  kind: 'detach-instance',
  description: 'Detach an instance from its Auto Scaling group, desired capacity kept (the group replaces it)',
  permissions: ['autoscaling:DescribeAutoScalingInstances', 'autoscaling:DetachInstances', 'ec2:CreateTags'],
  batchSize: 1,
  pacing: 'autoscaling:DetachInstances',
  capped: 'instance',
  paramsSchema: z.strictObject({
    group: groupName,
    markTags: markTags.optional(),
    /** Doctor's quarantine, at the run's time: recorded so that Doctor may terminate it after the grace period. */
    quarantine: z.strictObject({ at: z.iso.datetime() }).optional(),
    atOnce: atOnceParams.optional(),
  }),
  apply: (actions, ctx) =>
    applyEach(actions, async (action) => {
      const { DetachInstancesCommand } = await import('@aws-sdk/client-auto-scaling');
      const group = action.params.group as string;
      const record = action.params.quarantine ? doctorRecordOf(action, ctx) : null;
      if (action.params.quarantine && !record) {
        return { resource: action.resource, ok: false, error: "not applied: Doctor's quarantine record needs Redis" };
      }
      const state = await groupLifecycleOf(action, ctx);
      // Already out of the group (a job delivered twice): the record and tags were written before the first detach.
      if (state === undefined) return { resource: action.resource, ok: true, already: true };
      if (/^(Terminat|Detach)/.test(state)) return { resource: action.resource, ok: true, already: true };
      const at = (action.params.quarantine as { at: string } | undefined)?.at ?? '';
      await record?.recordQuarantine({ group, instance: action.resource, at, runId: ctx.runId ?? 'unknown' });
      try {
        await writeMarkTags([action], ctx);
        await autoScalingFor(action, ctx).send(
          new DetachInstancesCommand({
            AutoScalingGroupName: group,
            InstanceIds: [action.resource],
            ShouldDecrementDesiredCapacity: false,
          }),
        );
      } catch (error) {
        // Still in its group: not a quarantine, and not Doctor's to terminate later.
        await record?.forgetQuarantine(group, action.resource).catch(() => undefined);
        throw error;
      }
      return { resource: action.resource, ok: true };
    }),
};
