import { DeleteLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';

/** Deletes an idle ELBv2 load balancer (Janitor). Deleting one already gone succeeds (AWS answers nothing). */
export const deleteLoadBalancer = janitorDeleteEffect({
  kind: 'delete-load-balancer',
  description: 'Delete an idle application/network load balancer (Janitor; cannot be undone)',
  permissions: ['elasticloadbalancing:DeleteLoadBalancer'],
  pacing: 'elasticloadbalancing:DeleteLoadBalancer',
  goneCodes: ['LoadBalancerNotFound', 'LoadBalancerNotFoundException'],
  async deleteOne(action, ctx) {
    await ctx.clients
      .elbv2(targetOf(action, ctx))
      .send(new DeleteLoadBalancerCommand({ LoadBalancerArn: action.resource }));
  },
});
