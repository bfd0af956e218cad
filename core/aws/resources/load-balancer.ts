import { DescribeLoadBalancersCommand, type LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2Type } from './elbv2-support.js';

/**
 * ELBv2 load balancers (application, network, gateway), keyed by ARN; classic ELBs are `classic-load-balancer`. Read
 * as every `elbv2Type`: 20 ARNs a call, a chunk that failed on a gone ARN answered from one full listing, one
 * DescribeTags per 20 balancers. Name: LoadBalancerName.
 */
export const loadBalancerType = elbv2Type<LoadBalancer>({
  name: 'load-balancer',
  idField: 'LoadBalancerArn',
  nameField: 'LoadBalancerName',
  permission: 'elasticloadbalancing:DescribeLoadBalancers',
  idPattern: /^arn:aws[a-z-]*:elasticloadbalancing:[^:]+:\d{12}:loadbalancer\/(app|net|gwy)\/[^/]+\/[^/]+$/,
  describe: async (elbv2, { ids, pageSize, token }) => {
    const page = await elbv2.send(
      new DescribeLoadBalancersCommand({ LoadBalancerArns: ids, PageSize: pageSize, Marker: token }),
    );
    return { items: page.LoadBalancers, next: page.NextMarker };
  },
  arnOf: (raw) => raw.LoadBalancerArn ?? '',
  nameOf: (raw) => raw.LoadBalancerName,
});
