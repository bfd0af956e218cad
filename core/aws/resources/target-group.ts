import { DescribeTargetGroupsCommand, type TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2Type } from './elbv2-support.js';

/**
 * ELBv2 target groups, keyed by ARN. Read as every `elbv2Type`: 20 ARNs a call, a chunk that failed on a gone ARN
 * answered from one full listing, one DescribeTags per 20 groups. Name: TargetGroupName.
 */
export const targetGroupType = elbv2Type<TargetGroup>({
  name: 'target-group',
  idField: 'TargetGroupArn',
  nameField: 'TargetGroupName',
  permission: 'elasticloadbalancing:DescribeTargetGroups',
  idPattern: /^arn:aws[a-z-]*:elasticloadbalancing:[^:]+:\d{12}:targetgroup\/[^/]+\/[^/]+$/,
  describe: async (elbv2, { ids, pageSize, token }) => {
    const page = await elbv2.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: ids, PageSize: pageSize, Marker: token }),
    );
    return { items: page.TargetGroups, next: page.NextMarker };
  },
  arnOf: (raw) => raw.TargetGroupArn ?? '',
  nameOf: (raw) => raw.TargetGroupName,
});
