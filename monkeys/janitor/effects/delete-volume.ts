import { DeleteVolumeCommand } from '@aws-sdk/client-ec2';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { deleteParams } from './janitor-params.js';
import { rememberVolume } from './janitor-remember.js';

/**
 * Deletes a detached EBS volume (Janitor), once its backup snapshot exists (unless the run says not to back it up)
 * and the Janitor's record of deletions holds the snapshot and the volume's shape: `simian janitor restore` brings
 * it back from there.
 */
export const deleteVolume = janitorDeleteEffect({
  kind: 'delete-volume',
  description: 'Delete a detached EBS volume, after a backup snapshot by default (Janitor; restorable from it)',
  permissions: [
    'ec2:DeleteVolume',
    'ec2:CreateSnapshot',
    'ec2:CreateTags',
    'ec2:DescribeSnapshots',
    'ec2:DescribeVolumes',
  ],
  pacing: 'ec2:DeleteVolume',
  goneCodes: ['InvalidVolume.NotFound'],
  remember: rememberVolume((action) => deleteParams.parse(action.params).backupRetainUntil),
  async deleteOne(action, ctx) {
    await ctx.clients.ec2(targetOf(action, ctx)).send(new DeleteVolumeCommand({ VolumeId: action.resource }));
  },
});
