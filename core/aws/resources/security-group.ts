import { DescribeSecurityGroupsCommand, type SecurityGroup } from '@aws-sdk/client-ec2';
import { ec2FilteredType } from './ec2-filtered.js';
import { tagsOf } from './support.js';

/** VPC security groups. DescribeSecurityGroups pages up to 1000. Name: the GroupName. */
export const securityGroupType = ec2FilteredType<SecurityGroup>({
  name: 'security-group',
  idField: 'GroupId',
  nameField: 'GroupName',
  permission: 'ec2:DescribeSecurityGroups',
  idPattern: /^sg-[0-9a-f]{8,17}$/,
  idFilter: 'group-id',
  maxPage: 1000,
  minPage: 5,
  describe: async (ec2, input) => {
    const page = await ec2.send(new DescribeSecurityGroupsCommand(input));
    return { items: page.SecurityGroups, next: page.NextToken };
  },
  toRecord: (raw) => ({ id: raw.GroupId ?? '', name: raw.GroupName, tags: tagsOf(raw.Tags), raw }),
});
