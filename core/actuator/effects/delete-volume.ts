import { CreateSnapshotCommand, DeleteVolumeCommand, DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { BACKUP_OF_TAG, RETAIN_UNTIL_TAG } from '../../../monkeys/janitor/tags.js';
import type { Action } from '../../plan/action.js';
import type { EffectContext } from '../effect.js';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { deleteParams } from './janitor-params.js';

/**
 * Snapshots the volume first (when the plan asks: on by default), tagged with the volume and the date it is kept
 * until; a delivery twice finds the backup it already made instead of taking another.
 */
async function backUp(action: Action, ctx: EffectContext, retainUntil: string): Promise<void> {
  const ec2 = ctx.clients.ec2(targetOf(action, ctx));
  const existing = await ec2.send(
    new DescribeSnapshotsCommand({
      OwnerIds: ['self'],
      Filters: [
        { Name: `tag:${BACKUP_OF_TAG}`, Values: [action.resource] },
        { Name: 'owner-id', Values: [action.account] },
      ],
    }),
  );
  if ((existing.Snapshots ?? []).length > 0) return;
  await ec2.send(
    new CreateSnapshotCommand({
      VolumeId: action.resource,
      Description: `simian janitor backup of ${action.resource} before deletion`,
      TagSpecifications: [
        {
          ResourceType: 'snapshot',
          Tags: [
            { Key: BACKUP_OF_TAG, Value: action.resource },
            { Key: RETAIN_UNTIL_TAG, Value: retainUntil },
            ...(action.owner ? [{ Key: 'owner', Value: action.owner }] : []),
          ],
        },
      ],
    }),
  );
}

/** Deletes a detached EBS volume (Janitor), snapshotting it first unless the run says not to. */
export const deleteVolume = janitorDeleteEffect({
  kind: 'delete-volume',
  description: 'Delete a detached EBS volume, after a snapshot by default (Janitor; cannot be undone)',
  permissions: ['ec2:DeleteVolume', 'ec2:CreateSnapshot', 'ec2:CreateTags', 'ec2:DescribeSnapshots'],
  pacing: 'ec2:DeleteVolume',
  goneCodes: ['InvalidVolume.NotFound'],
  async deleteOne(action, ctx) {
    const { backupRetainUntil } = deleteParams.parse(action.params);
    if (backupRetainUntil) await backUp(action, ctx, backupRetainUntil);
    await ctx.clients.ec2(targetOf(action, ctx)).send(new DeleteVolumeCommand({ VolumeId: action.resource }));
  },
});
