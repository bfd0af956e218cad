import { DeleteAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';

/** Deletes an empty Auto Scaling group (Janitor). Never forced: a group that has instances again is refused by AWS. */
export const deleteAutoScalingGroup = janitorDeleteEffect({
  kind: 'delete-auto-scaling-group',
  description: 'Delete an empty Auto Scaling group (Janitor; cannot be undone)',
  permissions: ['autoscaling:DeleteAutoScalingGroup'],
  pacing: 'autoscaling:DeleteAutoScalingGroup',
  goneCodes: ['ValidationError'],
  async deleteOne(action, ctx) {
    await ctx.clients
      .autoScaling(targetOf(action, ctx))
      .send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: action.resource, ForceDelete: false }));
  },
});
