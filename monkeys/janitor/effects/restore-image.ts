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
import { janitorRestoreEffect, restoredFromFilter, restoredTags, tagList } from './janitor-restore.js';
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

/**
 * An image the Janitor deregistered, registered again from the snapshots its deregistration kept, with its
 * registration data and tags (a new AMI id). A retry finds the image it already registered by its name.
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
      new DescribeImagesCommand({
        Owners: ['self'],
        Filters: [{ Name: 'name', Values: [config.name] }, restoredFromFilter(deletion.resource)],
      }),
    );
    const again = existing.Images?.find((image) => image.State !== 'deregistered' && image.ImageId);
    if (again?.ImageId) return again.ImageId;
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
