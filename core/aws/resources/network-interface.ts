import { DescribeNetworkInterfacesCommand, type NetworkInterface } from '@aws-sdk/client-ec2';
import { ec2FilteredType } from './ec2-filtered.js';
import { tagsOf } from './support.js';

/**
 * Elastic network interfaces: every address the account holds in a VPC (instances, load balancers, NAT gateways,
 * Lambda and endpoint interfaces), private, public and IPv6. DescribeNetworkInterfaces pages up to 1000.
 */
export const networkInterfaceType = ec2FilteredType<NetworkInterface>({
  name: 'network-interface',
  idField: 'NetworkInterfaceId',
  nameField: 'TagSet.Name',
  permission: 'ec2:DescribeNetworkInterfaces',
  idPattern: /^eni-[0-9a-f]{8,17}$/,
  idFilter: 'network-interface-id',
  maxPage: 1000,
  minPage: 5,
  describe: async (ec2, input) => {
    const page = await ec2.send(new DescribeNetworkInterfacesCommand(input));
    return { items: page.NetworkInterfaces, next: page.NextToken };
  },
  toRecord: (raw) => {
    const tags = tagsOf(raw.TagSet);
    return { id: raw.NetworkInterfaceId ?? '', name: tags.Name, tags, raw };
  },
});

/** Every address an interface holds: its private IPv4s, their public associations and its IPv6 addresses. */
export function addressesOf(eni: NetworkInterface): string[] {
  return [
    ...(eni.PrivateIpAddresses ?? []).flatMap((ip) => [ip.PrivateIpAddress, ip.Association?.PublicIp]),
    eni.PrivateIpAddress,
    eni.Association?.PublicIp,
    ...(eni.Ipv6Addresses ?? []).map((ip) => ip.Ipv6Address),
  ].filter((ip): ip is string => typeof ip === 'string' && ip.length > 0);
}
