import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type ElasticLoadBalancingClient,
  type LoadBalancerDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import { byIdsType } from './by-ids.js';
import { tagsOf, withTagsApart } from './support.js';

/** DescribeLoadBalancers pages up to 400; DescribeTags takes at most 20 names (so do our by-name chunks). */
const MAX_PAGE = 400;
const NAMES_PER_CALL = 20;
const NOT_FOUND = ['LoadBalancerNotFound', 'AccessPointNotFoundException', 'AccessPointNotFound'];

const nameOf = (raw: LoadBalancerDescription) => raw.LoadBalancerName ?? '';

/** Tags of these names, 20 a call (DescribeTags). */
const tagsApart = (elb: ElasticLoadBalancingClient) => ({
  perCall: NAMES_PER_CALL,
  notFound: NOT_FOUND,
  read: async (names: readonly string[]) => {
    const answer = await elb.send(new DescribeTagsCommand({ LoadBalancerNames: [...names] }));
    return (answer.TagDescriptions ?? []).map((found) => ({ id: found.LoadBalancerName, tags: tagsOf(found.Tags) }));
  },
});

/**
 * Classic ELBs, keyed by name (the classic API knows no ARN in its calls). DescribeLoadBalancers pages up to 400;
 * tags cost one DescribeTags per 20 balancers. `LoadBalancerNames` fails whole on one unknown name: `fresh` asks 20
 * names a call and answers a chunk that failed so from one full listing.
 */
export const classicLoadBalancerType = byIdsType<ElasticLoadBalancingClient, LoadBalancerDescription>({
  name: 'classic-load-balancer',
  service: 'ELB',
  idField: 'LoadBalancerName',
  nameField: 'LoadBalancerName',
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTags'],
  recognisable: false,
  idPattern: /^[a-zA-Z0-9-]{1,32}$/,
  client: (clients, target) => clients.elb(target),
  describe: async (elb, { ids, pageSize, token }) => {
    const page = await elb.send(
      new DescribeLoadBalancersCommand({ LoadBalancerNames: ids, PageSize: pageSize, Marker: token }),
    );
    return { items: page.LoadBalancerDescriptions, next: page.NextMarker };
  },
  maxPage: MAX_PAGE,
  idsPerCall: NAMES_PER_CALL,
  notFound: NOT_FOUND,
  idOf: nameOf,
  toRecords: (elb, raws) => withTagsApart(raws, nameOf, nameOf, tagsApart(elb)),
});
