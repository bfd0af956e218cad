import {
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ELBV2_ARNS_PER_CALL, ELBV2_MAX_PAGE, ELBV2_NOT_FOUND, elbv2Tags } from './elbv2-support.js';
import { byId, byIdsOrListing, chunk, collectPages, pageSizeOf, uniqueIds } from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

function describe(elbv2: ElasticLoadBalancingV2Client, pageSize: number, arns?: readonly string[]) {
  return collectPages(async (marker) => {
    const page = await elbv2.send(
      new DescribeTargetGroupsCommand({
        ...(arns ? { TargetGroupArns: [...arns] } : {}),
        PageSize: pageSize,
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    return { items: page.TargetGroups, next: page.NextMarker };
  });
}

async function withTags(elbv2: ElasticLoadBalancingV2Client, raws: readonly TargetGroup[]) {
  const tags = await elbv2Tags(
    elbv2,
    raws.map((raw) => raw.TargetGroupArn ?? ''),
  );
  return raws.flatMap((raw): ResourceRecord<TargetGroup>[] => {
    const arn = raw.TargetGroupArn ?? '';
    const found = tags.get(arn);
    return found ? [{ id: arn, name: raw.TargetGroupName, tags: found, raw }] : [];
  });
}

/**
 * ELBv2 target groups, keyed by ARN. DescribeTargetGroups pages up to 400; tags cost one DescribeTags per 20 groups.
 * `TargetGroupArns` fails whole on one unknown ARN: `fresh` asks 20 ARNs a call and answers a chunk that failed so
 * from one full listing. Name: TargetGroupName.
 */
export const targetGroupType: ResourceType<TargetGroup> = {
  name: 'target-group',
  service: 'ELBv2',
  idField: 'TargetGroupArn',
  nameField: 'TargetGroupName',
  permissions: ['elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTags'],
  global: false,
  recognisable: true,
  matches: (id) => /^arn:aws[a-z-]*:elasticloadbalancing:[^:]+:\d{12}:targetgroup\/[^/]+\/[^/]+$/.test(id),
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
      (raw) => raw.TargetGroupArn ?? '',
      ELBV2_NOT_FOUND,
    );
    return byId(await withTags(elbv2, raws), undefined, new Set(wanted));
  },
};
