import { ReleaseAddressCommand } from '@aws-sdk/client-ec2';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';

/** Releases an unassociated Elastic IP (Janitor). */
export const releaseAddress = janitorDeleteEffect({
  kind: 'release-address',
  description: 'Release an unassociated Elastic IP (Janitor; cannot be undone)',
  permissions: ['ec2:ReleaseAddress'],
  pacing: 'ec2:ReleaseAddress',
  goneCodes: ['InvalidAllocationID.NotFound'],
  async deleteOne(action, ctx) {
    await ctx.clients.ec2(targetOf(action, ctx)).send(new ReleaseAddressCommand({ AllocationId: action.resource }));
  },
});
