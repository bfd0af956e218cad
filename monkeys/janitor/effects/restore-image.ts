import {
  type ArchitectureValues,
  type BlockDeviceMapping,
  type BootModeValues,
  DescribeImagesCommand,
  type ImdsSupportValues,
  RegisterImageCommand,
  type TpmSupportValues,
} from '@aws-sdk/client-ec2';
import type { ConfigOf } from './janitor-deleted.js';
import { janitorRestoreEffect, restoredTags, tagList } from './janitor-restore.js';
import { targetOf } from './janitor-target.js';

/** A mapping as RegisterImage takes it: the snapshot and its volume's shape (encryption follows the snapshot). */
function registrable(mapping: Record<string, unknown>): BlockDeviceMapping {
  const { Ebs, ...rest } = mapping as BlockDeviceMapping;
  if (!Ebs) return rest;
  const { Encrypted: _encrypted, KmsKeyId: _key, OutpostArn: _outpost, ...ebs } = Ebs;
  return { ...rest, Ebs: ebs };
}

function registration(config: ConfigOf<'image'>) {
  return {
    Name: config.name,
    ...(config.description ? { Description: config.description } : {}),
    ...(config.architecture ? { Architecture: config.architecture as ArchitectureValues } : {}),
    ...(config.rootDeviceName ? { RootDeviceName: config.rootDeviceName } : {}),
    ...(config.virtualizationType ? { VirtualizationType: config.virtualizationType } : {}),
    ...(config.enaSupport !== undefined ? { EnaSupport: config.enaSupport } : {}),
    ...(config.sriovNetSupport ? { SriovNetSupport: config.sriovNetSupport } : {}),
    ...(config.bootMode ? { BootMode: config.bootMode as BootModeValues } : {}),
    ...(config.imdsSupport ? { ImdsSupport: config.imdsSupport as ImdsSupportValues } : {}),
    ...(config.tpmSupport ? { TpmSupport: config.tpmSupport as TpmSupportValues } : {}),
    BlockDeviceMappings: config.blockDeviceMappings.map(registrable),
  };
}

/** The snapshots an image's EBS mappings name, sorted: what it is made of, which AWS states and no tag can change. */
function snapshotsOf(mappings: readonly BlockDeviceMapping[]): string {
  return mappings
    .map((mapping) => mapping.Ebs?.SnapshotId)
    .filter((id): id is string => Boolean(id))
    .sort()
    .join(',');
}

/**
 * An image the Janitor deregistered, registered again from the snapshots its deregistration kept, with its
 * registration data and tags (a new AMI id). An image of that name already there (names are unique in an account
 * and region) is the restore's only if it is made of exactly the kept snapshots, as a retry whose answer was lost
 * left it; anyone else's is left as it is and the restore fails, whatever its tags say.
 */
export const restoreImage = janitorRestoreEffect({
  kind: 'register-image',
  type: 'image',
  description: 'Register a deregistered AMI again from its kept snapshots (same name, architecture, mappings, tags)',
  permissions: ['ec2:RegisterImage', 'ec2:CreateTags', 'ec2:DescribeImages'],
  pacing: 'ec2:RegisterImage',
  async restoreOne(deletion, config, ctx) {
    const ec2 = ctx.clients.ec2(targetOf(deletion, ctx));
    const existing = await ec2.send(
      new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [config.name] }] }),
    );
    const there = existing.Images?.find((image) => image.State !== 'deregistered' && image.ImageId);
    if (there?.ImageId) {
      const kept = snapshotsOf(config.blockDeviceMappings.map(registrable));
      if (kept !== '' && snapshotsOf(there.BlockDeviceMappings ?? []) === kept) return there.ImageId;
      throw new Error(
        `an image named ${config.name} exists already (${there.ImageId}) and is not made of the snapshots the deregistration kept: it is left as it is, nothing restored`,
      );
    }
    const answer = await ec2.send(
      new RegisterImageCommand({
        ...registration(config),
        TagSpecifications: [{ ResourceType: 'image', Tags: tagList(restoredTags(config.tags, deletion.resource)) }],
      }),
    );
    if (!answer.ImageId) throw new Error('RegisterImage answered no image id');
    return answer.ImageId;
  },
});
