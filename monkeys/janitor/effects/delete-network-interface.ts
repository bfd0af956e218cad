import { DeleteNetworkInterfaceCommand } from '@aws-sdk/client-ec2';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { rememberNetworkInterface } from './janitor-remember-network.js';

/** Deletes an unattached network interface (Janitor). AWS refuses one in use (InvalidNetworkInterface.InUse). */
export const deleteNetworkInterface = janitorDeleteEffect({
  kind: 'delete-network-interface',
  description: 'Delete an unattached network interface (Janitor; its configuration is kept for restore)',
  permissions: ['ec2:DeleteNetworkInterface'],
  pacing: 'ec2:DeleteNetworkInterface',
  remember: rememberNetworkInterface,
  goneCodes: ['InvalidNetworkInterfaceID.NotFound'],
  async deleteOne(action, ctx) {
    await ctx.clients
      .ec2(targetOf(action, ctx))
      .send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: action.resource }));
  },
});
