import {
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ELBV2_ARNS_PER_CALL, ELBV2_MAX_PAGE, ELBV2_NOT_FOUND, elbv2Tags } from './elbv2-support.js';
import { byId, byIdsOrListing, chunk, collectPages, pageSizeOf, uniqueIds } from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

function describe(elbv2: ElasticLoadBalancingV2Client, pageSize: number, arns?: readonly string[]) {
  return collectPages(async (marker) => {
    const page = await elbv2.send(
      new DescribeLoadBalancersCommand({
        ...(arns ? { LoadBalancerArns: [...arns] } : {}),
        PageSize: pageSize,
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    return { items: page.LoadBalancers, next: page.NextMarker };
  });
}

async function withTags(elbv2: ElasticLoadBalancingV2Client, raws: readonly LoadBalancer[]) {
  const tags = await elbv2Tags(
    elbv2,
    raws.map((raw) => raw.LoadBalancerArn ?? ''),
  );
  // A balancer whose tags could not be read was deleted meanwhile: it is gone.
  return raws.flatMap((raw): ResourceRecord<LoadBalancer>[] => {
    const arn = raw.LoadBalancerArn ?? '';
    const found = tags.get(arn);
    return found ? [{ id: arn, name: raw.LoadBalancerName, tags: found, raw }] : [];
  });
}

/**
 * ELBv2 load balancers (application, network, gateway), keyed by ARN. Classic ELBs are `classic-load-balancer`.
 * DescribeLoadBalancers pages up to 400; tags cost one DescribeTags per 20 balancers. `LoadBalancerArns` fails the
 * whole call when one ARN is gone: `fresh` asks 20 ARNs a call and answers a chunk that failed so from one full
 * listing. Name: LoadBalancerName.
 */
export const loadBalancerType: ResourceType<LoadBalancer> = {
  name: 'load-balancer',
  service: 'ELBv2',
  idField: 'LoadBalancerArn',
  nameField: 'LoadBalancerName',
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTags'],
  global: false,
  recognisable: true,
  matches: (id) =>
    /^arn:aws[a-z-]*:elasticloadbalancing:[^:]+:\d{12}:loadbalancer\/(app|net|gwy)\/[^/]+\/[^/]+$/.test(id),
  async list(clients, target, options) {
    const elbv2 = clients.elbv2(target);
    return withTags(elbv2, await describe(elbv2, pageSizeOf(options, ELBV2_MAX_PAGE)));
  },
  async fresh(clients, target, ids) {
    const elbv2 = clients.elbv2(target);
    const wanted = uniqueIds(ids);
    const raws = await byIdsOrListing(
      chunk(wanted, ELBV2_ARNS_PER_CALL),
      (arns) => describe(elbv2, ELBV2_MAX_PAGE, arns),
      () => describe(elbv2, ELBV2_MAX_PAGE),
      (raw) => raw.LoadBalancerArn ?? '',
      ELBV2_NOT_FOUND,
    );
    return byId(await withTags(elbv2, raws), undefined, new Set(wanted));
  },
};
