import {
  CreateLaunchTemplateCommand,
  CreateTagsCommand,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attachVolume,
  createImage,
  createSnapshot,
  createVolume,
  DAY,
  ec2,
  imageExists,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  launchInstance,
  publicImage,
  recordedDueMark,
  snapshotExists,
  volumeExists,
} from './harness.js';

const { clients, redis, target } = janitorSandbox();
const UNCAPPED = { maxDeletionsPerRun: 100, maxDeletionsPerType: 100, maxPercentPerType: 100 };

/** How each resource of a random account is used (`free`: by nothing). */
const volumeUse = fc.constantFrom('free', 'attached');
const snapshotUse = fc.constantFrom('free', 'shared', 'public', 'template');
const imageUse = fc.constantFrom('free', 'parameter', 'alias', 'instance', 'shared');
const account = fc.record({
  volumes: fc.array(volumeUse, { minLength: 1, maxLength: 3 }),
  snapshots: fc.array(snapshotUse, { minLength: 1, maxLength: 3 }),
  images: fc.array(imageUse, { minLength: 0, maxLength: 2 }),
});

let serial = 0;
const tags = (pairs: Record<string, string>) => Object.entries(pairs).map(([Key, Value]) => ({ Key, Value }));

/** Seeds one random account; answers every resource with whether something uses it. */
async function seed(shape: { volumes: string[]; snapshots: string[]; images: string[] }) {
  const base = await publicImage(clients);
  const host = await launchInstance(clients, base);
  const seeded: { id: string; used: boolean; exists: (id: string) => Promise<boolean> }[] = [];
  for (const use of shape.volumes) {
    const volume = await createVolume(clients);
    if (use === 'attached') await attachVolume(clients, volume, await launchInstance(clients, base));
    seeded.push({ id: volume, used: use !== 'free', exists: (id) => volumeExists(clients, id) });
  }
  for (const use of shape.snapshots) {
    const snapshot = await createSnapshot(clients, await createVolume(clients));
    if (use === 'shared' || use === 'public') {
      await ec2(clients).send(
        new ModifySnapshotAttributeCommand({
          SnapshotId: snapshot,
          Attribute: 'createVolumePermission',
          OperationType: 'add',
          ...(use === 'shared' ? { UserIds: ['111122223333'] } : { GroupNames: ['all'] }),
        }),
      );
    }
    if (use === 'template') {
      await ec2(clients).send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: `prop-snap-${++serial}`,
          LaunchTemplateData: { BlockDeviceMappings: [{ DeviceName: '/dev/sdb', Ebs: { SnapshotId: snapshot } }] },
        }),
      );
    }
    seeded.push({ id: snapshot, used: use !== 'free', exists: (id) => snapshotExists(clients, id) });
  }
  for (const use of shape.images) {
    const image = await createImage(clients, host, `prop-${++serial}`);
    const parameter = `/prop/ami-${serial}`;
    if (use === 'parameter' || use === 'alias') {
      await clients.ssm(target).send(new PutParameterCommand({ Name: parameter, Value: image, Type: 'String' }));
    }
    if (use === 'alias') {
      await ec2(clients).send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: `prop-ami-${serial}`,
          LaunchTemplateData: { ImageId: `resolve:ssm:${parameter}` },
        }),
      );
    }
    if (use === 'instance') await launchInstance(clients, image);
    if (use === 'shared') {
      await ec2(clients).send(
        new ModifyImageAttributeCommand({ ImageId: image, LaunchPermission: { Add: [{ UserId: '111122223333' }] } }),
      );
    }
    seeded.push({ id: image, used: use !== 'free', exists: (id) => imageExists(clients, id) });
  }
  return seeded;
}

describe('janitor: a property over random small accounts', () => {
  it('deletes nothing that a use points to at delete time, and everything due that nothing uses', async () => {
    await fc.assert(
      fc.asyncProperty(account, async (shape) => {
        const janitor = janitorAt(clients, redis, janitorConfig());
        const seeded = await seed(shape);
        // Every resource due for deletion: marked long ago, its owner told, volumes seen detached for 40 days.
        const now = janitor.clock.now();
        for (const resource of seeded) {
          const [type, rule] = resource.id.startsWith('vol-')
            ? (['volume', 'detached-volume'] as const)
            : resource.id.startsWith('snap-')
              ? (['snapshot', 'unused-snapshot'] as const)
              : (['image', 'unused-image'] as const);
          // Due by the Janitor's own record, not by tags alone (tags without it restart the clock).
          await recordedDueMark(clients, janitor, resource.id, type, rule);
          await ec2(clients).send(
            new CreateTagsCommand({
              Resources: [resource.id],
              Tags: tags({ 'simian:janitor:detached-seen-at': new Date(now.getTime() - 40 * DAY).toISOString() }),
            }),
          );
        }
        const report = await janitor.run({
          ...UNCAPPED,
          types: ['volume', 'snapshot', 'image'],
          snapshotBeforeDelete: false,
          rules: { 'detached-volume': { days: 0 }, 'unused-snapshot': { days: 0 }, 'unused-image': { days: 0 } },
        });
        expect(report.refused).toBeUndefined();
        const gone: string[] = [];
        for (const resource of seeded) if (!(await resource.exists(resource.id))) gone.push(resource.id);
        expect(gone.filter((id) => seeded.find((resource) => resource.id === id)?.used)).toEqual([]);
        expect(gone.sort()).toEqual(
          seeded
            .filter((resource) => !resource.used)
            .map((resource) => resource.id)
            .sort(),
        );
      }),
      { numRuns: 15 },
    );
  }, 600_000);
});
