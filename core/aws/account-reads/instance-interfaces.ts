import type { NetworkInterface } from '@aws-sdk/client-ec2';
import { chunk, collectPages, EC2_FILTER_VALUES } from '../resources/support.js';
import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

export const INSTANCE_INTERFACES: AccountReadKind = {
  kind: 'instance-interfaces',
  service: 'EC2',
  permissions: ['ec2:DescribeNetworkInterfaces'],
};

/**
 * The network interfaces attached to the given instances (DescribeNetworkInterfaces filtered by
 * `attachment.instance-id`, 200 ids a filter, 1,000 a page). Read apart from the `network-interface` type's listing,
 * which lists every interface of the region.
 */
export function instanceInterfaces(instanceIds: readonly string[]): AccountRead<NetworkInterface[]> {
  return accountRead(
    INSTANCE_INTERFACES,
    async (clients, target) => {
      const { DescribeNetworkInterfacesCommand } = await import('@aws-sdk/client-ec2');
      const ec2 = clients.ec2(target);
      const found: NetworkInterface[] = [];
      for (const some of chunk(instanceIds, EC2_FILTER_VALUES)) {
        const interfaces = await collectPages(async (token) => {
          const page = await ec2.send(
            new DescribeNetworkInterfacesCommand({
              Filters: [{ Name: 'attachment.instance-id', Values: some }],
              MaxResults: 1000,
              NextToken: token,
            }),
          );
          return { items: page.NetworkInterfaces, next: page.NextToken };
        });
        found.push(...interfaces);
      }
      return found;
    },
    { name: `${INSTANCE_INTERFACES.kind}:${instanceIds.join(',')}` },
  );
}
