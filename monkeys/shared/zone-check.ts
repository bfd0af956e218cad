import { availabilityZones } from '../../core/aws/account-reads/availability-zones.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { InputError } from '../../core/errors.js';
import { zoneBelongsToRegion } from './zones.js';

/** Refuses, before any AWS call, a zone whose name is of another region. */
export function checkZoneName(zone: string, region: string): void {
  if (!zoneBelongsToRegion(zone, region)) {
    throw new InputError(`zone ${zone} is not in region ${region} (pass --region for the zone's own region)`);
  }
}

/** Refuses a zone the region does not have, asking AWS (the declared `availabilityZones` read). */
export async function checkZoneExists(zone: string, clients: AwsClients, target: AwsTarget): Promise<void> {
  checkZoneName(zone, target.region);
  const zones = await availabilityZones.read(clients, target);
  if (!zones.includes(zone)) {
    throw new InputError(`zone ${zone} does not exist in region ${target.region} (its zones: ${zones.join(', ')})`);
  }
}
