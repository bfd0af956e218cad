import { DeleteNetworkInterfaceCommand } from '@aws-sdk/client-ec2';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';

/** Deletes an unattached network interface (Janitor). AWS refuses one in use (InvalidNetworkInterface.InUse). */
export const deleteNetworkInterface = janitorDeleteEffect({
  kind: 'delete-network-interface',
  description: 'Delete an unattached network interface (Janitor; cannot be undone)',
  permissions: ['ec2:DeleteNetworkInterface'],
  pacing: 'ec2:DeleteNetworkInterface',
  goneCodes: ['InvalidNetworkInterfaceID.NotFound'],
  async deleteOne(action, ctx) {
    await ctx.clients
      .ec2(targetOf(action, ctx))
      .send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: action.resource }));
  },
});
