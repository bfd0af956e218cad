import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { rememberGroup } from './janitor-remember.js';

/** Deletes an empty Auto Scaling group (Janitor). Never forced: a group that has instances again is refused by AWS. */
export const deleteAutoScalingGroup = janitorDeleteEffect({
  kind: 'delete-auto-scaling-group',
  description: 'Delete an empty Auto Scaling group (Janitor; its configuration is kept for restore)',
  permissions: ['autoscaling:DeleteAutoScalingGroup', 'autoscaling:DescribeAutoScalingGroups'],
  pacing: 'autoscaling:DeleteAutoScalingGroup',
  goneCodes: ['ValidationError'],
  remember: rememberGroup,
  async deleteOne(action, ctx) {
    const { DeleteAutoScalingGroupCommand } = await import('@aws-sdk/client-auto-scaling');
    await ctx.clients
      .autoScaling(targetOf(action, ctx))
      .send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: action.resource, ForceDelete: false }));
  },
});
