import { ReleaseAddressCommand } from '@aws-sdk/client-ec2';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { rememberAddress } from './janitor-remember-network.js';

/** Releases an unassociated Elastic IP (Janitor). */
export const releaseAddress = janitorDeleteEffect({
  kind: 'release-address',
  description: 'Release an unassociated Elastic IP (Janitor; its configuration is kept for restore)',
  permissions: ['ec2:ReleaseAddress'],
  pacing: 'ec2:ReleaseAddress',
  remember: rememberAddress,
  goneCodes: ['InvalidAllocationID.NotFound'],
  async deleteOne(action, ctx) {
    await ctx.clients.ec2(targetOf(action, ctx)).send(new ReleaseAddressCommand({ AllocationId: action.resource }));
  },
});
