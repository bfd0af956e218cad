import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';

export interface ZoneSubnet {
  readonly id: string;
  readonly vpcId: string;
}

/** The subnets of one availability zone (read-only), which the snapshot does not hold. */
export async function subnetsOfZone(zone: string, clients: AwsClients, target: AwsTarget): Promise<ZoneSubnet[]> {
  const { paginateDescribeSubnets } = await import('@aws-sdk/client-ec2');
  const subnets: ZoneSubnet[] = [];
  const pages = paginateDescribeSubnets(
    { client: clients.ec2(target) },
    { Filters: [{ Name: 'availability-zone', Values: [zone] }] },
  );
  for await (const page of pages) {
    for (const subnet of page.Subnets ?? []) {
      if (subnet.SubnetId && subnet.VpcId) subnets.push({ id: subnet.SubnetId, vpcId: subnet.VpcId });
    }
  }
  return subnets.sort((a, b) => a.id.localeCompare(b.id));
}
