import { DeregisterImageCommand } from '@aws-sdk/client-ec2';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { rememberImage } from './janitor-remember.js';

/**
 * Deregisters an AMI (Janitor). Its snapshots stay (never deleted in the same step): with the registration data
 * kept in the Janitor's record, `simian janitor restore` registers it again. The snapshot rule cleans them later
 * once nothing uses them.
 */
export const deregisterImage = janitorDeleteEffect({
  kind: 'deregister-image',
  description: 'Deregister an unused AMI, keeping its snapshots (Janitor; restorable by registering it again)',
  permissions: ['ec2:DeregisterImage', 'ec2:DescribeImages'],
  pacing: 'ec2:DeregisterImage',
  goneCodes: ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'],
  remember: rememberImage,
  async deleteOne(action, ctx) {
    await ctx.clients
      .ec2(targetOf(action, ctx))
      .send(new DeregisterImageCommand({ ImageId: action.resource, DeleteAssociatedSnapshots: false }));
  },
});
