import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients, AwsTarget } from '../clients.js';
import { collectPages, mapLimit } from '../resources/support.js';
import { type AccountReadKind, accountRead } from './account-read.js';

export const BALANCER_CROSS_ZONE: AccountReadKind = {
  kind: 'balancer-cross-zone',
  service: 'ELB',
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes'],
};

/** Attribute reads in flight at once (ELB has no batched attribute call). */
const CONCURRENCY = 4;

/**
 * Classic balancers by name, one listing then one attribute call each. Listed here rather than through the
 * `classic-load-balancer` type: the type reads tags apart (DescribeTags per 20), which this does not need.
 */
async function classicCrossZone(clients: AwsClients, target: AwsTarget): Promise<[string, boolean][]> {
  const { DescribeLoadBalancerAttributesCommand, DescribeLoadBalancersCommand } = await import(
    '@aws-sdk/client-elastic-load-balancing'
  );
  const elb = clients.elb(target);
  const names = await collectPages<string>(async (marker) => {
    const page = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 400, Marker: marker }));
    return {
      items: (page.LoadBalancerDescriptions ?? []).flatMap((lb) => lb.LoadBalancerName ?? []),
      next: page.NextMarker,
    };
  });
  return mapLimit(names, CONCURRENCY, async (name) => {
    const answer = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: name }));
    return [name, answer.LoadBalancerAttributes?.CrossZoneLoadBalancing?.Enabled === true];
  });
}

/** Network and gateway balancers by ARN (an ALB's cross-zone is always on), one attribute call each. */
async function elbv2CrossZone(clients: AwsClients, target: AwsTarget): Promise<[string, boolean][]> {
  const { DescribeLoadBalancerAttributesCommand, DescribeLoadBalancersCommand } = await import(
    '@aws-sdk/client-elastic-load-balancing-v2'
  );
  const elbv2 = clients.elbv2(target);
  const balancers = await collectPages<LoadBalancer>(async (marker) => {
    const page = await elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 400, Marker: marker }));
    return { items: page.LoadBalancers, next: page.NextMarker };
  });
  const arns = balancers.flatMap((lb) => (lb.LoadBalancerArn && lb.Type !== 'application' ? [lb.LoadBalancerArn] : []));
  return mapLimit(arns, CONCURRENCY, async (arn) => {
    const answer = await elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }));
    const attribute = answer.Attributes?.find((found) => found.Key === 'load_balancing.cross_zone.enabled');
    return [arn, attribute?.Value === 'true'];
  });
}

/** Cross-zone load balancing per classic balancer name and network/gateway balancer ARN (Conformity). */
export const balancerCrossZone = accountRead(BALANCER_CROSS_ZONE, async (clients, target) => {
  const [classic, elbv2] = await Promise.all([classicCrossZone(clients, target), elbv2CrossZone(clients, target)]);
  return Object.fromEntries([...classic, ...elbv2]);
});
