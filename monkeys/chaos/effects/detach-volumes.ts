import {
  CreateTagsCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  type EC2Client,
  type Instance as Ec2Instance,
} from '@aws-sdk/client-ec2';
import { type Effect, type EffectContext, type RevertSpec, revertOn } from '../../../core/actuator/effect.js';
import { ec2DryRun } from '../../../core/actuator/effects/ec2-dry-run.js';
import { describeInstance, ec2For, tagValue } from '../../../core/actuator/effects/ec2-lookup.js';
import { DETACHED_DEVICE_TAG, DETACHED_FROM_TAG } from '../../../core/actuator/effects/fault-state-tags.js';
import { noParams } from '../../../core/actuator/effects/param-shapes.js';
import { mayBeRootDevice } from '../../../core/actuator/effects/root-device.js';
import type { Action } from '../../../core/plan/action.js';
import { applyToEachInstance, verifyOnFirstInstance } from './on-instance.js';

export { mayBeRootDevice };

/** A volume and the device it is (or was) attached at. */
export interface VolumeAttachment {
  readonly volumeId: string;
  readonly device: string;
}

/** The non-root EBS volumes attached to the instance now. */
function attachedDataVolumes(instance: Ec2Instance): VolumeAttachment[] {
  return (instance.BlockDeviceMappings ?? []).flatMap((mapping) =>
    mapping.Ebs?.VolumeId && mapping.DeviceName && !mayBeRootDevice(mapping.DeviceName, instance.RootDeviceName)
      ? [{ volumeId: mapping.Ebs.VolumeId, device: mapping.DeviceName }]
      : [],
  );
}

/** Volumes an earlier delivery of this action already detached (they carry the record tags). */
async function previouslyDetached(ec2: EC2Client, instanceId: string): Promise<VolumeAttachment[]> {
  const found = await ec2.send(
    new DescribeVolumesCommand({ Filters: [{ Name: `tag:${DETACHED_FROM_TAG}`, Values: [instanceId] }] }),
  );
  return (found.Volumes ?? []).flatMap((volume) => {
    const device = tagValue(volume, DETACHED_DEVICE_TAG);
    return volume.VolumeId && device ? [{ volumeId: volume.VolumeId, device }] : [];
  });
}

/** Everything this fault takes (or took) away from the instance, each volume once. */
async function volumesToRestore(ec2: EC2Client, instance: Ec2Instance): Promise<VolumeAttachment[]> {
  const byId = new Map<string, VolumeAttachment>();
  for (const volume of [
    ...(await previouslyDetached(ec2, instance.InstanceId ?? '')),
    ...attachedDataVolumes(instance),
  ]) {
    byId.set(volume.volumeId, volume);
  }
  return [...byId.values()];
}

/**
 * Chaos DetachVolumes: force-detaches every non-root EBS volume of the instance, as a failing disk would. Each
 * volume is tagged with its instance and device first; the revert re-attaches it to the same device.
 */
export const detachVolumes: Effect = {
  kind: 'detach-volumes',
  description: 'Force-detach the non-root EBS volumes of an instance (revert re-attaches them)',
  permissions: ['ec2:DescribeInstances', 'ec2:DescribeVolumes', 'ec2:CreateTags', 'ec2:DetachVolume'],
  batchSize: 1,
  pacing: 'ec2:DetachVolume',
  capped: 'instance',
  paramsSchema: noParams,

  async capture(actions: readonly Action[], ctx: EffectContext) {
    const saved = new Map<string, Record<string, unknown>>();
    for (const action of actions) {
      const ec2 = ec2For(action, ctx);
      const instance = await describeInstance(ec2, action.resource);
      const volumes = instance ? await volumesToRestore(ec2, instance) : [];
      // Nothing to re-attach means nothing to detach: the action is then not applied.
      if (volumes.length > 0) saved.set(action.resource, { volumes });
    }
    return saved;
  },

  async apply(actions, ctx) {
    return applyToEachInstance(actions, ctx, async (action, ec2, instance) => {
      const attached = attachedDataVolumes(instance);
      const volumes = await volumesToRestore(ec2, instance);
      if (volumes.length === 0)
        return {
          resource: action.resource,
          ok: false,
          error: `instance ${action.resource} has no non-root EBS volume`,
        };
      for (const volume of attached) {
        await ec2.send(
          new CreateTagsCommand({
            Resources: [volume.volumeId],
            Tags: [
              { Key: DETACHED_FROM_TAG, Value: action.resource },
              { Key: DETACHED_DEVICE_TAG, Value: volume.device },
            ],
          }),
        );
        await ec2.send(
          new DetachVolumeCommand({
            VolumeId: volume.volumeId,
            InstanceId: action.resource,
            Device: volume.device,
            Force: true,
          }),
        );
      }
      return { resource: action.resource, ok: true, already: attached.length === 0, saved: { volumes } };
    });
  },

  verify(actions, ctx) {
    return verifyOnFirstInstance(actions, ctx, async (first, ec2, instance) => {
      const volume = instance ? attachedDataVolumes(instance)[0] : undefined;
      if (!volume) return { allowed: false, detail: `${first.resource} has no non-root EBS volume to test with` };
      return ec2DryRun(() =>
        ec2.send(new DetachVolumeCommand({ VolumeId: volume.volumeId, InstanceId: first.resource, DryRun: true })),
      );
    });
  },

  revertOf(action: Action, saved: Readonly<Record<string, unknown>>): RevertSpec {
    return revertOn(action, 'attach-volumes', { volumes: saved.volumes });
  },
};
