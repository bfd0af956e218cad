import { createHash } from 'node:crypto';
import { CreateVolumeCommand, type VolumeType } from '@aws-sdk/client-ec2';
import { janitorRestoreEffect, restoredTags, tagList } from './janitor-restore.js';
import { targetOf } from './janitor-target.js';

const PROVISIONED_IOPS = new Set(['io1', 'io2', 'gp3']);

/**
 * A volume the Janitor deleted, created again from its backup snapshot in its zone, with its size, type and tags
 * (a new id: AWS never gives one back). A retry reuses the first call's volume (client token).
 */
export const restoreVolume = janitorRestoreEffect({
  kind: 'restore-volume',
  type: 'volume',
  description: "Create a deleted volume again from the Janitor's backup snapshot (same zone, size, type, tags)",
  permissions: ['ec2:CreateVolume', 'ec2:CreateTags'],
  pacing: 'ec2:CreateVolume',
  async restoreOne(deletion, config, ctx) {
    if (!config.backup) throw new Error(`${deletion.resource} was deleted without a backup: its data cannot come back`);
    const token = createHash('sha256').update(`${deletion.resource}|${deletion.deletedAt}`).digest('hex').slice(0, 64);
    const answer = await ctx.clients.ec2(targetOf(deletion, ctx)).send(
      new CreateVolumeCommand({
        AvailabilityZone: config.availabilityZone,
        SnapshotId: config.backup.snapshotId,
        Size: config.size,
        ...(config.volumeType ? { VolumeType: config.volumeType as VolumeType } : {}),
        ...(config.iops !== undefined && PROVISIONED_IOPS.has(config.volumeType ?? '') ? { Iops: config.iops } : {}),
        ...(config.throughput !== undefined && config.volumeType === 'gp3' ? { Throughput: config.throughput } : {}),
        ...(config.kmsKeyId ? { KmsKeyId: config.kmsKeyId, Encrypted: true } : {}),
        TagSpecifications: [{ ResourceType: 'volume', Tags: tagList(restoredTags(config.tags, deletion.resource)) }],
        ClientToken: token,
      }),
    );
    if (!answer.VolumeId) throw new Error('CreateVolume answered no volume id');
    return answer.VolumeId;
  },
});
