import { type AccountReadKind, accountRead } from './account-read.js';

export const AVAILABILITY_ZONES: AccountReadKind = {
  kind: 'availability-zones',
  service: 'EC2',
  permissions: ['ec2:DescribeAvailabilityZones'],
};

/** The names of the region's availability zones (DescribeAvailabilityZones), sorted. */
export const availabilityZones = accountRead(AVAILABILITY_ZONES, async (clients, target) => {
  const { DescribeAvailabilityZonesCommand } = await import('@aws-sdk/client-ec2');
  const answer = await clients.ec2(target).send(new DescribeAvailabilityZonesCommand({}));
  return (answer.AvailabilityZones ?? []).flatMap((zone) => (zone.ZoneName ? [zone.ZoneName] : [])).sort();
});
