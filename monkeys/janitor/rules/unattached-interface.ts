import type { NetworkInterface } from '@aws-sdk/client-ec2';
import { UNUSED_SEEN_AT_TAG } from '../tags.js';
import { type JanitorRule, nothingUses } from './rule.js';

/**
 * A plain network interface detached (`available`) for more than N days (from the first run that saw it so): not
 * requester-managed (an AWS service owns those), not of a special type (EFA, trunk, a load balancer's, an
 * endpoint's), holding no Elastic IP or public address, and named by no route and no launch template version.
 */
export const unattachedInterface: JanitorRule<NetworkInterface> = {
  id: 'unattached-network-interface',
  type: 'network-interface',
  description:
    'network interface detached (available) for more than N days, not requester-managed, no Elastic IP, no route, no launch template naming it',
  defaultDays: 7,
  unused(record, ctx) {
    const { raw } = record;
    if (raw.Status !== 'available' || raw.Attachment) return null;
    if (raw.RequesterManaged) return null;
    if ((raw.InterfaceType ?? 'interface') !== 'interface') return null;
    if (raw.Association || (raw.PrivateIpAddresses ?? []).some((ip) => ip.Association)) return null;
    if (nothingUses(ctx, record.id)) return null;
    return `network interface ${record.id} is detached`;
  },
  since: { tag: UNUSED_SEEN_AT_TAG },
};
