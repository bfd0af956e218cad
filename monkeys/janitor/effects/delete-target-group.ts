import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { rememberTargetGroup } from './janitor-remember-network.js';

/**
 * Deletes an unused ELBv2 target group (Janitor). AWS refuses one a listener or rule still forwards to
 * (ResourceInUse); deleting one already gone succeeds.
 */
export const deleteTargetGroup = janitorDeleteEffect({
  kind: 'delete-target-group',
  description: 'Delete an unused target group (Janitor; its configuration is kept for restore)',
  permissions: ['elasticloadbalancing:DeleteTargetGroup'],
  pacing: 'elasticloadbalancing:DeleteTargetGroup',
  remember: rememberTargetGroup,
  goneCodes: ['TargetGroupNotFound', 'TargetGroupNotFoundException'],
  async deleteOne(action, ctx) {
    const { DeleteTargetGroupCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
    await ctx.clients
      .elbv2(targetOf(action, ctx))
      .send(new DeleteTargetGroupCommand({ TargetGroupArn: action.resource }));
  },
});
