import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';

/** What Conformity's prepare step reads beyond the snapshot. */
export interface ConformityObserved {
  /** Cross-zone load balancing per classic balancer name and network/gateway balancer ARN (ALBs: always on). */
  readonly crossZone: Readonly<Record<string, boolean>>;
}

/** Attribute reads in flight at once (ELB has no batched attribute call). */
const CONCURRENCY = 4;

async function classicCrossZone(clients: AwsClients, target: AwsTarget): Promise<[string, boolean][]> {
  const { DescribeLoadBalancerAttributesCommand, paginateDescribeLoadBalancers } = await import(
    '@aws-sdk/client-elastic-load-balancing'
  );
  const { mapLimit } = await import('../../core/aws/resources/support.js');
  const elb = clients.elb(target);
  const names: string[] = [];
  for await (const page of paginateDescribeLoadBalancers({ client: elb, pageSize: 400 }, {})) {
    names.push(...(page.LoadBalancerDescriptions ?? []).flatMap((lb) => lb.LoadBalancerName ?? []));
  }
  return mapLimit(names, CONCURRENCY, async (name) => {
    const answer = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: name }));
    return [name, answer.LoadBalancerAttributes?.CrossZoneLoadBalancing?.Enabled === true];
  });
}

async function elbv2CrossZone(clients: AwsClients, target: AwsTarget): Promise<[string, boolean][]> {
  const { DescribeLoadBalancerAttributesCommand, paginateDescribeLoadBalancers } = await import(
    '@aws-sdk/client-elastic-load-balancing-v2'
  );
  const { mapLimit } = await import('../../core/aws/resources/support.js');
  const elbv2 = clients.elbv2(target);
  const arns: string[] = [];
  for await (const page of paginateDescribeLoadBalancers({ client: elbv2, pageSize: 400 }, {})) {
    for (const lb of page.LoadBalancers ?? []) {
      if (lb.LoadBalancerArn && lb.Type !== 'application') arns.push(lb.LoadBalancerArn);
    }
  }
  return mapLimit(arns, CONCURRENCY, async (arn) => {
    const answer = await elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }));
    const attribute = answer.Attributes?.find((found) => found.Key === 'load_balancing.cross_zone.enabled');
    return [arn, attribute?.Value === 'true'];
  });
}

/** Reads every balancer's cross-zone attribute: one listing per API, then one attribute call per balancer. */
export async function readConformityObserved(clients: AwsClients, target: AwsTarget): Promise<ConformityObserved> {
  const [classic, elbv2] = await Promise.all([classicCrossZone(clients, target), elbv2CrossZone(clients, target)]);
  return { crossZone: Object.fromEntries([...classic, ...elbv2]) };
}
