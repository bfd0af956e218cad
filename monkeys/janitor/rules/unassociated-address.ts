import type { Address } from '@aws-sdk/client-ec2';
import { UNUSED_SEEN_AT_TAG } from '../tags.js';
import type { JanitorRule } from './rule.js';

/** An Elastic IP associated with nothing for more than N days. */
export const unassociatedAddress: JanitorRule<Address> = {
  id: 'unassociated-elastic-ip',
  type: 'elastic-ip',
  description: 'Elastic IP associated with nothing for more than N days',
  defaultDays: 7,
  unused(record) {
    const { AssociationId, InstanceId, NetworkInterfaceId } = record.raw;
    if (AssociationId || InstanceId || NetworkInterfaceId) return null;
    return `elastic IP ${record.raw.PublicIp ?? record.id} is associated with nothing`;
  },
  since: { tag: UNUSED_SEEN_AT_TAG },
};
