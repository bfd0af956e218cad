import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { InputError } from '../../core/errors.js';
import { zoneBelongsToRegion } from './zones.js';

/** Refuses, before any AWS call, a zone whose name is of another region. */
export function checkZoneName(zone: string, region: string): void {
  if (!zoneBelongsToRegion(zone, region)) {
    throw new InputError(`zone ${zone} is not in region ${region} (pass --region for the zone's own region)`);
  }
}

/** Refuses a zone the region does not have, asking AWS (DescribeAvailabilityZones); read-only. */
export async function checkZoneExists(zone: string, clients: AwsClients, target: AwsTarget): Promise<void> {
  checkZoneName(zone, target.region);
  // The SDK is loaded on use: the registry imports every monkey, `simian --help` included.
  const { DescribeAvailabilityZonesCommand } = await import('@aws-sdk/client-ec2');
  const answer = await clients.ec2(target).send(new DescribeAvailabilityZonesCommand({}));
  const zones = (answer.AvailabilityZones ?? []).map((found) => found.ZoneName ?? '').filter(Boolean);
  if (!zones.includes(zone)) {
    throw new InputError(
      `zone ${zone} does not exist in region ${target.region} (its zones: ${zones.sort().join(', ')})`,
    );
  }
}
