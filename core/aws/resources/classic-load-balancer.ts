import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type ElasticLoadBalancingClient,
  type LoadBalancerDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import type { Tags } from '../../fleet/model.js';
import {
  byId,
  byIdsOrListing,
  chunk,
  collectPages,
  pageSizeOf,
  splitOnNotFound,
  tagsOf,
  uniqueIds,
} from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

/** DescribeLoadBalancers pages up to 400; DescribeTags takes at most 20 names (so do our by-name chunks). */
const MAX_PAGE = 400;
const NAMES_PER_CALL = 20;
const NOT_FOUND = ['LoadBalancerNotFound', 'AccessPointNotFoundException', 'AccessPointNotFound'];

function describe(elb: ElasticLoadBalancingClient, pageSize: number, names?: readonly string[]) {
  return collectPages(async (marker) => {
    const page = await elb.send(
      new DescribeLoadBalancersCommand({
        ...(names ? { LoadBalancerNames: [...names] } : {}),
        PageSize: pageSize,
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    return { items: page.LoadBalancerDescriptions, next: page.NextMarker };
  });
}

async function withTags(elb: ElasticLoadBalancingClient, raws: readonly LoadBalancerDescription[]) {
  const tags = new Map<string, Tags>();
  for (const some of chunk(
    raws.map((raw) => raw.LoadBalancerName ?? ''),
    NAMES_PER_CALL,
  )) {
    const descriptions = await splitOnNotFound(
      some,
      async (names) =>
        (await elb.send(new DescribeTagsCommand({ LoadBalancerNames: [...names] }))).TagDescriptions ?? [],
      NOT_FOUND,
    );
    for (const description of descriptions) {
      if (description.LoadBalancerName) tags.set(description.LoadBalancerName, tagsOf(description.Tags));
    }
  }
  return raws.flatMap((raw): ResourceRecord<LoadBalancerDescription>[] => {
    const name = raw.LoadBalancerName ?? '';
    const found = tags.get(name);
    return found ? [{ id: name, name, tags: found, raw }] : [];
  });
}

/**
 * Classic ELBs, keyed by name (the classic API knows no ARN in its calls). DescribeLoadBalancers pages up to 400;
 * tags cost one DescribeTags per 20 balancers. `LoadBalancerNames` fails whole on one unknown name: `fresh` asks 20
 * names a call and answers a chunk that failed so from one full listing.
 */
export const classicLoadBalancerType: ResourceType<LoadBalancerDescription> = {
  name: 'classic-load-balancer',
  service: 'ELB',
  idField: 'LoadBalancerName',
  nameField: 'LoadBalancerName',
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTags'],
  global: false,
  recognisable: false,
  matches: (id) => /^[a-zA-Z0-9-]{1,32}$/.test(id),
  async list(clients, target, options) {
    const elb = clients.elb(target);
    return withTags(elb, await describe(elb, pageSizeOf(options, MAX_PAGE)));
  },
  async fresh(clients, target, ids) {
    const elb = clients.elb(target);
    const wanted = uniqueIds(ids);
    const raws = await byIdsOrListing(
      chunk(wanted, NAMES_PER_CALL),
      (names) => describe(elb, MAX_PAGE, names),
      () => describe(elb, MAX_PAGE),
      (raw) => raw.LoadBalancerName ?? '',
      NOT_FOUND,
    );
    return byId(await withTags(elb, raws), undefined, new Set(wanted));
  },
};
