import { DescribeTagsCommand, type ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { type ByIdsDescribe, byIdsType } from './by-ids.js';
import { tagsOf, withTagsApart } from './support.js';
import type { ResourceType, ResourceTypeName } from './types.js';

/** ELBv2 takes at most 20 ARNs in DescribeLoadBalancers, DescribeTargetGroups and DescribeTags. */
export const ELBV2_ARNS_PER_CALL = 20;
/** The largest page DescribeLoadBalancers and DescribeTargetGroups serve. */
export const ELBV2_MAX_PAGE = 400;
/** Error codes of ELBv2 for an unknown ARN (AWS code, and the SDK's exception name). */
export const ELBV2_NOT_FOUND = [
  'LoadBalancerNotFound',
  'LoadBalancerNotFoundException',
  'TargetGroupNotFound',
  'TargetGroupNotFoundException',
];

/** Tags of these ARNs, 20 a call (DescribeTags). */
const elbv2TagsApart = (elbv2: ElasticLoadBalancingV2Client) => ({
  perCall: ELBV2_ARNS_PER_CALL,
  notFound: ELBV2_NOT_FOUND,
  read: async (arns: readonly string[]) => {
    const answer = await elbv2.send(new DescribeTagsCommand({ ResourceArns: [...arns] }));
    return (answer.TagDescriptions ?? []).map((found) => ({ id: found.ResourceArn, tags: tagsOf(found.Tags) }));
  },
});

export interface Elbv2TypeSpec<Raw> {
  readonly name: ResourceTypeName;
  /** The field of the ARN, and of the name. */
  readonly idField: string;
  readonly nameField: string;
  /** The Describe call's permission (DescribeTags is added). */
  readonly permission: string;
  readonly idPattern: RegExp;
  readonly describe: ByIdsDescribe<ElasticLoadBalancingV2Client, Raw>;
  readonly arnOf: (raw: Raw) => string;
  readonly nameOf: (raw: Raw) => string | undefined;
}

/**
 * An ELBv2 type keyed by ARN. Its Describe pages up to 400 and fails the whole call when one ARN is gone: `fresh`
 * asks 20 ARNs a call and answers a chunk that failed so from one full listing. Tags cost one DescribeTags per 20.
 */
export function elbv2Type<Raw>(spec: Elbv2TypeSpec<Raw>): ResourceType<Raw> {
  return byIdsType({
    name: spec.name,
    service: 'ELBv2',
    idField: spec.idField,
    nameField: spec.nameField,
    permissions: [spec.permission, 'elasticloadbalancing:DescribeTags'],
    recognisable: true,
    idPattern: spec.idPattern,
    client: (clients, target) => clients.elbv2(target),
    describe: spec.describe,
    maxPage: ELBV2_MAX_PAGE,
    idsPerCall: ELBV2_ARNS_PER_CALL,
    notFound: ELBV2_NOT_FOUND,
    idOf: spec.arnOf,
    toRecords: (elbv2, raws) => withTagsApart(raws, spec.arnOf, spec.nameOf, elbv2TagsApart(elbv2)),
  });
}
