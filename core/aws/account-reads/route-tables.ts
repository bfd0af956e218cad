import type { RouteTable } from '@aws-sdk/client-ec2';
import { collectPages } from '../resources/support.js';
import { type AccountReadKind, accountRead } from './account-read.js';

export const ROUTE_TABLES: AccountReadKind = {
  kind: 'route-tables',
  service: 'EC2',
  permissions: ['ec2:DescribeRouteTables'],
};

/** Every route table of the region with its routes (DescribeRouteTables, 100 a page): what sends traffic where. */
export const routeTables = accountRead(ROUTE_TABLES, async (clients, target) => {
  const { DescribeRouteTablesCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = clients.ec2(target);
  return collectPages<RouteTable>(async (token) => {
    const page = await ec2.send(new DescribeRouteTablesCommand({ MaxResults: 100, NextToken: token }));
    return { items: page.RouteTables, next: page.NextToken };
  });
});
