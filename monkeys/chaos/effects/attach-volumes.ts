import { AttachVolumeCommand, DeleteTagsCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import type { Effect } from '../../../core/actuator/effect.js';
import { applyEach } from '../../../core/actuator/effects/each-action.js';
import { ec2For } from '../../../core/actuator/effects/ec2-lookup.js';
import { DETACHED_DEVICE_TAG, DETACHED_FROM_TAG } from '../../../core/actuator/effects/fault-state-tags.js';
import { deviceName, volumeId } from '../../../core/actuator/effects/param-shapes.js';
import type { VolumeAttachment } from './detach-volumes.js';

function volumesOf(params: Readonly<Record<string, unknown>>): VolumeAttachment[] {
  const volumes = params.volumes;
  if (!Array.isArray(volumes)) return [];
  return volumes.filter(
    (volume): volume is VolumeAttachment =>
      typeof volume?.volumeId === 'string' &&
      /^vol-/.test(volume.volumeId) &&
      typeof volume?.device === 'string' &&
      /^\/dev\/[a-z0-9]+$/.test(volume.device),
  );
}

/** The revert of detach-volumes: re-attaches each volume to the same instance at the same device. */
export const attachVolumes: Effect = {
  kind: 'attach-volumes',
  revert: true,
  description: 'Re-attach volumes detached by detach-volumes to their instance and device',
  permissions: ['ec2:DescribeVolumes', 'ec2:AttachVolume', 'ec2:DeleteTags'],
  batchSize: 1,
  pacing: 'ec2:AttachVolume',
  capped: 'none',
  paramsSchema: z.strictObject({ volumes: z.array(z.strictObject({ volumeId, device: deviceName })).min(1) }),

  async apply(actions, ctx) {
    return applyEach(actions, async (action) => {
      const ec2 = ec2For(action, ctx);
      const wanted = volumesOf(action.params);
      if (wanted.length === 0)
        return { resource: action.resource, ok: false, error: `no detached volumes recorded for ${action.resource}` };
      const found = await ec2.send(new DescribeVolumesCommand({ VolumeIds: wanted.map((volume) => volume.volumeId) }));
      const byId = new Map((found.Volumes ?? []).map((volume) => [volume.VolumeId, volume]));
      const problems: string[] = [];
      let attachedNow = 0;
      for (const { volumeId, device } of wanted) {
        const volume = byId.get(volumeId);
        const attachment = volume?.Attachments?.[0];
        if (!volume) {
          problems.push(`${volumeId} no longer exists`);
        } else if (attachment?.InstanceId === action.resource) {
          // Already back (an earlier delivery of this revert, or by hand).
        } else if (volume.State === 'available') {
          await ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: action.resource, Device: device }));
          attachedNow += 1;
        } else {
          problems.push(`${volumeId} is ${volume.State}${attachment ? ` on ${attachment.InstanceId}` : ''}`);
          continue;
        }
        if (volume) {
          await ec2.send(
            new DeleteTagsCommand({
              Resources: [volumeId],
              Tags: [{ Key: DETACHED_FROM_TAG }, { Key: DETACHED_DEVICE_TAG }],
            }),
          );
        }
      }
      if (problems.length > 0)
        return { resource: action.resource, ok: false, error: `could not re-attach: ${problems.join('; ')}` };
      return { resource: action.resource, ok: true, already: attachedNow === 0 };
    });
  },
};
