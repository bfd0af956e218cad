import { DeleteLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';

/** Deletes an idle classic load balancer (Janitor). Deleting one already gone succeeds (AWS answers nothing). */
export const deleteClassicLoadBalancer = janitorDeleteEffect({
  kind: 'delete-classic-load-balancer',
  description: 'Delete an idle classic load balancer (Janitor; cannot be undone)',
  permissions: ['elasticloadbalancing:DeleteLoadBalancer'],
  pacing: 'elasticloadbalancing:DeleteLoadBalancer',
  goneCodes: ['LoadBalancerNotFound', 'AccessPointNotFound'],
  async deleteOne(action, ctx) {
    await ctx.clients
      .elb(targetOf(action, ctx))
      .send(new DeleteLoadBalancerCommand({ LoadBalancerName: action.resource }));
  },
});
