import { DescribeNetworkAclsCommand, type EC2Client, type NetworkAcl } from '@aws-sdk/client-ec2';
import { byIdsType } from './by-ids.js';
import { EC2_FILTER_VALUES, tagsOf } from './support.js';

/**
 * VPC network ACLs. DescribeNetworkAcls pages up to 100. moto lacks the `network-acl-id` filter, so `fresh` asks
 * by `NetworkAclIds` (200 a call, unpaged), which fails whole with InvalidNetworkAclID.NotFound when one id is gone:
 * such a chunk is answered from one full listing. Name: the `Name` tag.
 */
export const networkAclType = byIdsType<EC2Client, NetworkAcl>({
  name: 'network-acl',
  service: 'EC2',
  idField: 'NetworkAclId',
  nameField: 'Tags.Name',
  permissions: ['ec2:DescribeNetworkAcls'],
  recognisable: true,
  idPattern: /^acl-[0-9a-f]{8,17}$/,
  client: (clients, target) => clients.ec2(target),
  describe: async (ec2, { ids, pageSize, token }) => {
    const page = await ec2.send(
      new DescribeNetworkAclsCommand({ NetworkAclIds: ids, MaxResults: pageSize, NextToken: token }),
    );
    return { items: page.NetworkAcls, next: page.NextToken };
  },
  maxPage: 100,
  minPage: 5,
  idsPerCall: EC2_FILTER_VALUES,
  unpagedByIds: true,
  /** AWS answers InvalidNetworkAclID.NotFound; moto answers InvalidRouteTableID.NotFound for the same. */
  notFound: ['InvalidNetworkAclID.NotFound', 'InvalidNetworkAclID.Malformed', 'InvalidRouteTableID.NotFound'],
  idOf: (raw) => raw.NetworkAclId ?? '',
  toRecords: (_, raws) =>
    raws.map((raw) => {
      const tags = tagsOf(raw.Tags);
      return { id: raw.NetworkAclId ?? '', name: tags.Name, tags, raw };
    }),
});
