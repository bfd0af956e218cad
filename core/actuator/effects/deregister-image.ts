import { DeregisterImageCommand } from '@aws-sdk/client-ec2';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';

/** Deregisters an AMI (Janitor). Its snapshots stay; the snapshot rule cleans them once nothing uses them. */
export const deregisterImage = janitorDeleteEffect({
  kind: 'deregister-image',
  description: 'Deregister an unused AMI (Janitor; cannot be undone)',
  permissions: ['ec2:DeregisterImage'],
  pacing: 'ec2:DeregisterImage',
  goneCodes: ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'],
  async deleteOne(action, ctx) {
    await ctx.clients.ec2(targetOf(action, ctx)).send(new DeregisterImageCommand({ ImageId: action.resource }));
  },
});
