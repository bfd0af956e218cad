import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { rememberLoadBalancer } from './janitor-remember.js';

/** Deletes an idle ELBv2 load balancer (Janitor). Deleting one already gone succeeds (AWS answers nothing). */
export const deleteLoadBalancer = janitorDeleteEffect({
  kind: 'delete-load-balancer',
  description: 'Delete an idle application/network load balancer (Janitor; its configuration is kept for restore)',
  permissions: [
    'elasticloadbalancing:DeleteLoadBalancer',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeTags',
    'elasticloadbalancing:DescribeListeners',
    'elasticloadbalancing:DescribeRules',
    'elasticloadbalancing:DescribeTargetGroups',
  ],
  pacing: 'elasticloadbalancing:DeleteLoadBalancer',
  goneCodes: ['LoadBalancerNotFound', 'LoadBalancerNotFoundException'],
  remember: rememberLoadBalancer,
  async deleteOne(action, ctx) {
    const { DeleteLoadBalancerCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
    await ctx.clients
      .elbv2(targetOf(action, ctx))
      .send(new DeleteLoadBalancerCommand({ LoadBalancerArn: action.resource }));
  },
});
