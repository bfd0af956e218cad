import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  ModifyImageAttributeCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../../core/aws/resources/types.js';
import { unusedSnapshot } from '../../../monkeys/janitor/rules/unused-snapshot.js';
import { buildUseIndex, usesOf } from '../../../monkeys/janitor/uses.js';
import { NOTHING_OBSERVED } from '../../../monkeys/janitor/world.js';
import {
  attachVolume,
  createImage,
  createSnapshot,
  createVolume,
  DAY,
  doneOf,
  ec2,
  imageExists,
  imageSnapshots,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  janitorTags,
  launchInstance,
  publicImage,
  recordedDueMark,
  setTags,
  snapshotExists,
  volumeExists,
} from './harness.js';

const { clients, redis } = janitorSandbox();
const IMAGES = { types: ['image'], rules: { 'unused-image': { days: 0 } } };
const SNAPSHOTS = { types: ['snapshot'], rules: { 'unused-snapshot': { days: 0 } } };

async function launchTemplate(name: string, imageId: string) {
  const answer = await ec2(clients).send(
    new CreateLaunchTemplateCommand({ LaunchTemplateName: name, LaunchTemplateData: { ImageId: imageId } }),
  );
  return answer.LaunchTemplate?.LaunchTemplateId as string;
}

describe('janitor: the famous misses are never deleted', () => {
  it('keeps an AMI used only by a launch template version no group uses, and deletes its unused twin', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const instance = await launchInstance(clients, await publicImage(clients));
    const used = await createImage(clients, instance, 'used-by-template-v2');
    const free = await createImage(clients, instance, 'used-by-nothing');
    for (const image of [used, free]) await recordedDueMark(clients, janitor, image, 'image', 'unused-image');
    // Version 1 launches something else; only version 2 (not the default, in no group) names the image.
    const template = await launchTemplate('builder', await publicImage(clients));
    await ec2(clients).send(
      new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: template, LaunchTemplateData: { ImageId: used } }),
    );

    const report = await janitor.run(IMAGES);
    expect(doneOf(report, 'deregister-image')).toEqual([free]);
    expect(await imageExists(clients, used)).toBe(true);
    expect(await imageExists(clients, free)).toBe(false);
    expect(doneOf(report, 'unmark-for-janitor')).toEqual([used]);
    expect(await janitorTags(clients, used)).toEqual({});
  });

  it('spares an AMI that a launch template version starts to use between the plan and the deletion', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const instance = await launchInstance(clients, await publicImage(clients));
    const image = await createImage(clients, instance, 'late-use');
    await recordedDueMark(clients, janitor, image, 'image', 'unused-image');
    const report = await janitor.run(IMAGES, {
      confirm: async (preview) => {
        expect(preview.actions.map((action) => action.resource)).toContain(image);
        await launchTemplate('late-builder', image);
        return true;
      },
    });
    expect(doneOf(report, 'deregister-image')).toEqual([]);
    expect(report.skipped).toContainEqual(
      expect.objectContaining({
        resource: image,
        guard: 'reach',
        reason: expect.stringContaining('launch template late-builder'),
      }),
    );
    expect(await imageExists(clients, image)).toBe(true);
    expect(await janitorTags(clients, image)).toEqual({});
  });

  it('never deletes an AMI shared with another account: it reports it instead, and unmarks it', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const instance = await launchInstance(clients, await publicImage(clients));
    const shared = await createImage(clients, instance, 'shared-with-partner', { owner: 'carol@example.com' });
    await recordedDueMark(clients, janitor, shared, 'image', 'unused-image');
    await ec2(clients).send(
      new ModifyImageAttributeCommand({
        ImageId: shared,
        LaunchPermission: { Add: [{ UserId: '111122223333' }] },
      }),
    );
    const report = await janitor.run(IMAGES);
    expect(doneOf(report, 'deregister-image')).not.toContain(shared);
    expect(await imageExists(clients, shared)).toBe(true);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'image-shared',
        resource: shared,
        resourceType: 'image',
        severity: 'warning',
        owner: 'carol@example.com',
        details: expect.objectContaining({ sharedWith: ['111122223333'] }),
      }),
    );
    expect(await janitorTags(clients, shared)).toEqual({});
  });

  it('keeps the snapshot behind an AMI, and deletes a snapshot nothing uses', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const instance = await launchInstance(clients, await publicImage(clients));
    const image = await createImage(clients, instance, 'holds-a-snapshot');
    const [behindImage] = await imageSnapshots(clients, image);
    expect(behindImage).toBeDefined();
    const free = await createSnapshot(clients, await createVolume(clients));
    for (const snapshot of [behindImage as string, free]) {
      await recordedDueMark(clients, janitor, snapshot, 'snapshot', 'unused-snapshot');
    }
    const report = await janitor.run(SNAPSHOTS);
    expect(doneOf(report, 'delete-snapshot')).toEqual([free]);
    expect(await snapshotExists(clients, behindImage as string)).toBe(true);
    expect(await snapshotExists(clients, free)).toBe(false);
    expect(await janitorTags(clients, behindImage as string)).toEqual({});
  });

  it('counts a disabled (or deprecated) AMI as a use of its snapshots (moto has no DisableImage: built from records)', () => {
    // moto 5.2 implements neither DisableImage nor its state: the image is built as DescribeImages
    // (IncludeDisabled) answers for a disabled AMI, and handed to the same index and rule the runs use.
    const image: ResourceRecord = {
      id: 'ami-0123456789abcdef0',
      tags: {},
      raw: {
        ImageId: 'ami-0123456789abcdef0',
        State: 'disabled',
        BlockDeviceMappings: [{ Ebs: { SnapshotId: 'snap-0123456789abcdef0' } }],
      },
    };
    const snapshot: ResourceRecord = {
      id: 'snap-0123456789abcdef0',
      tags: {},
      raw: { SnapshotId: 'snap-0123456789abcdef0', State: 'completed', StartTime: new Date(Date.now() - 400 * DAY) },
    };
    const world = {
      records: new Map([
        ['image', [image]],
        ['snapshot', [snapshot]],
      ]),
      observed: NOTHING_OBSERVED,
    };
    const index = buildUseIndex(world);
    expect(usesOf(index, snapshot.id)).toEqual(['image ami-0123456789abcdef0 (disabled)']);
    expect(unusedSnapshot.unused(snapshot as never, { index, world, now: new Date(), days: 0 })).toBeNull();
  });

  it('spares a volume attached between its mark and its deletion, and unmarks it', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const instance = await launchInstance(clients, await publicImage(clients));
    const volume = await createVolume(clients, { owner: 'dave@example.com' });
    await setTags(clients, volume, {
      'simian:janitor:detached-seen-at': new Date(janitor.clock.now().getTime() - 40 * DAY).toISOString(),
    });
    await recordedDueMark(clients, janitor, volume, 'volume', 'detached-volume');
    const report = await janitor.run(
      { types: ['volume'] },
      {
        confirm: async () => {
          await attachVolume(clients, volume, instance);
          return true;
        },
      },
    );
    expect(doneOf(report, 'delete-volume')).toEqual([]);
    expect(report.skipped).toContainEqual(expect.objectContaining({ resource: volume, guard: 'reach' }));
    expect(await volumeExists(clients, volume)).toBe(true);
    expect(await janitorTags(clients, volume)).toEqual({});
  });
});
