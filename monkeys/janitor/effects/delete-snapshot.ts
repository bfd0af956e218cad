import { DeleteSnapshotCommand } from '@aws-sdk/client-ec2';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';

/** Deletes an EBS snapshot (Janitor). AWS refuses one an image still uses (InvalidSnapshot.InUse): a failure. */
export const deleteSnapshot = janitorDeleteEffect({
  kind: 'delete-snapshot',
  description: 'Delete an unused EBS snapshot (Janitor; cannot be undone)',
  permissions: ['ec2:DeleteSnapshot'],
  pacing: 'ec2:DeleteSnapshot',
  goneCodes: ['InvalidSnapshot.NotFound'],
  async deleteOne(action, ctx) {
    await ctx.clients.ec2(targetOf(action, ctx)).send(new DeleteSnapshotCommand({ SnapshotId: action.resource }));
  },
});
