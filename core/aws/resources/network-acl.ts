import { DescribeNetworkAclsCommand, type EC2Client, type NetworkAcl } from '@aws-sdk/client-ec2';
import {
  byId,
  byIdsOrListing,
  chunk,
  collectPages,
  EC2_FILTER_VALUES,
  pageSizeOf,
  tagsOf,
  uniqueIds,
} from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

/** DescribeNetworkAcls serves at most 100 a page. */
const MAX_PAGE = 100;
/** AWS answers InvalidNetworkAclID.NotFound; moto answers InvalidRouteTableID.NotFound for the same. */
const NOT_FOUND = ['InvalidNetworkAclID.NotFound', 'InvalidNetworkAclID.Malformed', 'InvalidRouteTableID.NotFound'];

function toRecord(raw: NetworkAcl): ResourceRecord<NetworkAcl> {
  const tags = tagsOf(raw.Tags);
  return { id: raw.NetworkAclId ?? '', name: tags.Name, tags, raw };
}

function describe(ec2: EC2Client, pageSize: number | undefined, ids?: readonly string[]) {
  return collectPages(async (token) => {
    const page = await ec2.send(
      new DescribeNetworkAclsCommand({
        ...(ids ? { NetworkAclIds: [...ids] } : {}),
        ...(pageSize === undefined ? {} : { MaxResults: pageSize }),
        ...(token ? { NextToken: token } : {}),
      }),
    );
    return { items: page.NetworkAcls, next: page.NextToken };
  });
}

/**
 * VPC network ACLs. DescribeNetworkAcls pages up to 100. moto lacks the `network-acl-id` filter, so `fresh` asks
 * by `NetworkAclIds` (200 a call), which fails whole with InvalidNetworkAclID.NotFound when one id is gone: such a
 * chunk is answered from one full listing. Name: the `Name` tag.
 */
export const networkAclType: ResourceType<NetworkAcl> = {
  name: 'network-acl',
  service: 'EC2',
  idField: 'NetworkAclId',
  nameField: 'Tags.Name',
  permissions: ['ec2:DescribeNetworkAcls'],
  global: false,
  recognisable: true,
  matches: (id) => /^acl-[0-9a-f]{8,17}$/.test(id),
  async list(clients, target, options) {
    return (await describe(clients.ec2(target), pageSizeOf(options, MAX_PAGE, 5))).map(toRecord);
  },
  async fresh(clients, target, ids) {
    const ec2 = clients.ec2(target);
    const wanted = uniqueIds(ids);
    const raws = await byIdsOrListing(
      chunk(wanted, EC2_FILTER_VALUES),
      (some) => describe(ec2, undefined, some),
      () => describe(ec2, MAX_PAGE),
      (raw) => raw.NetworkAclId ?? '',
      NOT_FOUND,
    );
    return byId(raws.map(toRecord), undefined, new Set(wanted));
  },
};
