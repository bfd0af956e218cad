import { DescribeTagsCommand, type ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Tags } from '../../fleet/model.js';
import { chunk, splitOnNotFound, tagsOf } from './support.js';

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

/**
 * Tags of these ARNs, 20 a call. An ARN deleted between the describe and this call fails its batch, which is then
 * halved until that ARN stands alone and is left out (it is gone).
 */
export async function elbv2Tags(elbv2: ElasticLoadBalancingV2Client, arns: readonly string[]) {
  const tags = new Map<string, Tags>();
  for (const some of chunk(arns, ELBV2_ARNS_PER_CALL)) {
    const descriptions = await splitOnNotFound(
      some,
      async (ids) => (await elbv2.send(new DescribeTagsCommand({ ResourceArns: [...ids] }))).TagDescriptions ?? [],
      ELBV2_NOT_FOUND,
    );
    for (const description of descriptions) {
      if (description.ResourceArn) tags.set(description.ResourceArn, tagsOf(description.Tags));
    }
  }
  return tags;
}
