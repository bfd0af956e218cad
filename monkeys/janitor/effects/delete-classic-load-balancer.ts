import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { rememberClassic } from './janitor-remember.js';

/** Deletes an idle classic load balancer (Janitor). Deleting one already gone succeeds (AWS answers nothing). */
export const deleteClassicLoadBalancer = janitorDeleteEffect({
  kind: 'delete-classic-load-balancer',
  description: 'Delete an idle classic load balancer (Janitor; its configuration is kept for restore)',
  permissions: [
    'elasticloadbalancing:DeleteLoadBalancer',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTags',
  ],
  pacing: 'elasticloadbalancing:DeleteLoadBalancer',
  goneCodes: ['LoadBalancerNotFound', 'AccessPointNotFound'],
  remember: rememberClassic,
  async deleteOne(action, ctx) {
    const { DeleteLoadBalancerCommand } = await import('@aws-sdk/client-elastic-load-balancing');
    await ctx.clients
      .elb(targetOf(action, ctx))
      .send(new DeleteLoadBalancerCommand({ LoadBalancerName: action.resource }));
  },
});
