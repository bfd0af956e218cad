import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';

export interface ZoneSubnet {
  readonly id: string;
  readonly vpcId: string;
}

/** The subnets of one availability zone (the registry's subnet listing), which the snapshot does not hold. */
export async function subnetsOfZone(zone: string, clients: AwsClients, target: AwsTarget): Promise<ZoneSubnet[]> {
  const { subnetType } = await import('../../core/aws/resources/subnet.js');
  const subnets = await subnetType.list(clients, target);
  return subnets
    .flatMap(({ id, raw }) => (raw.AvailabilityZone === zone && raw.VpcId ? [{ id, vpcId: raw.VpcId }] : []))
    .sort((a, b) => a.id.localeCompare(b.id));
}
