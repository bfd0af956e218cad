import { DescribeImagesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../core/plan/action.js';
import { readDeletion } from '../../../monkeys/janitor/effects/janitor-deleted.js';
import { runRestore } from '../../../monkeys/janitor/restore.js';
import { simian } from '../../support/cli.js';
import { testRedisYaml, writeConfigFile } from '../../support/config-file.js';
import { MOTO_ACCOUNT, uniquePrefix } from '../../support/env.js';
import {
  createImage,
  createVolume,
  DAY,
  doneOf,
  ec2,
  imageExists,
  imageSnapshots,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  launchInstance,
  publicImage,
  REGION,
  recordedDueMark,
  setTags,
  snapshotExists,
  tagsOf,
  volumeExists,
  ZONE,
} from './harness.js';

const { clients, redis } = janitorSandbox();
const where = { account: MOTO_ACCOUNT, region: REGION };
const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY).toISOString();

/** A janitor whose next armed run deletes this volume (seen detached 40 days ago, marked and told long ago). */
async function deletedVolume(tags: Record<string, string>, params: Record<string, unknown> = {}) {
  const janitor = janitorAt(clients, redis, janitorConfig());
  const volume = await createVolume(clients, tags);
  await setTags(clients, volume, { 'simian:janitor:detached-seen-at': ago(janitor.clock.now(), 40) });
  await recordedDueMark(clients, janitor, volume, 'volume', 'detached-volume');
  const report = await janitor.run({ types: ['volume'], ...params });
  expect(doneOf(report, 'delete-volume')).toEqual([volume]);
  expect(await volumeExists(clients, volume)).toBe(false);
  return { janitor, volume };
}

async function volumesRestoredFrom(id: string) {
  const answer = await ec2(clients).send(
    new DescribeVolumesCommand({ Filters: [{ Name: 'tag:simian:janitor:restored-from', Values: [id] }] }),
  );
  return answer.Volumes ?? [];
}

function restoredAs(report: RunReport, resource: string): string | null | undefined {
  return report.actions.find((action) => action.resource === resource)?.details?.restoredAs;
}

function cliConfig(prefix: string, armed: boolean): string {
  return writeConfigFile(
    `${testRedisYaml(prefix)}armed: ${armed}\naccounts:\n  - id: "${MOTO_ACCOUNT}"\nregions: [${REGION}]\n`,
  );
}

describe('janitor restore: what the Janitor deleted comes back from its own record', () => {
  it('a deleted volume comes back from its backup snapshot: same zone, size and tags, a new id, no Janitor mark', async () => {
    const { janitor, volume } = await deletedVolume({ owner: 'alice@example.com', Name: 'scratch', team: 'data' });
    const store = { redis, prefix: janitor.deps.config.redis.prefix };
    const deletion = await readDeletion(store, where, volume);
    expect(deletion?.config).toMatchObject({ type: 'volume', availabilityZone: ZONE, size: 1 });
    const backup = deletion?.config.type === 'volume' ? deletion.config.backup?.snapshotId : undefined;
    expect(backup && (await snapshotExists(clients, backup))).toBe(true);
    expect(janitor.events.events.some((event) => event.type === 'JanitorDeleted' && event.resource === volume)).toBe(
      true,
    );

    const report = await runRestore({ resource: volume, region: REGION, flagDryRun: false }, janitor.deps);
    expect(report.refused).toBeUndefined();
    expect(report.actions).toEqual([expect.objectContaining({ kind: 'restore-volume', status: 'done' })]);
    const [restored, ...more] = await volumesRestoredFrom(volume);
    expect(more).toEqual([]);
    expect(restored?.VolumeId).not.toBe(volume);
    expect(restoredAs(report, volume)).toBe(restored?.VolumeId);
    expect(restored).toMatchObject({ AvailabilityZone: ZONE, Size: 1, SnapshotId: backup });
    const tags = await tagsOf(clients, restored?.VolumeId as string);
    expect(tags).toMatchObject({ owner: 'alice@example.com', Name: 'scratch', team: 'data' });
    expect(
      Object.keys(tags).filter((key) =>
        /^simian:janitor:(rule|marked-at|delete-after|notified-at|detached-seen-at)$/.test(key),
      ),
    ).toEqual([]);
    // What cannot come back is said, not hidden.
    expect(report.actions[0]?.details?.cannot).toContain('data written after the backup');

    // A second restore makes no second volume.
    const again = await runRestore({ resource: volume, region: REGION, flagDryRun: false }, janitor.deps);
    expect(again.actions).toEqual([expect.objectContaining({ status: 'done', reason: 'already done' })]);
    expect(await volumesRestoredFrom(volume)).toHaveLength(1);
  });

  it("a retained backup stays, by the Janitor's record, even when its retain-until tag is removed", async () => {
    const { janitor, volume } = await deletedVolume({ owner: 'bob@example.com' });
    const deletion = await readDeletion({ redis, prefix: janitor.deps.config.redis.prefix }, where, volume);
    const backup = deletion?.config.type === 'volume' ? (deletion.config.backup?.snapshotId as string) : '';
    const { DeleteTagsCommand } = await import('@aws-sdk/client-ec2');
    await ec2(clients).send(
      new DeleteTagsCommand({ Resources: [backup], Tags: [{ Key: 'simian:janitor:retain-until' }] }),
    );
    await setTags(clients, backup, { owner: 'bob@example.com' });
    await recordedDueMark(clients, janitor, backup, 'snapshot', 'unused-snapshot');
    const report = await janitor.run({ types: ['snapshot'], rules: { 'unused-snapshot': { days: 0 } } });
    expect(doneOf(report, 'delete-snapshot')).not.toContain(backup);
    expect(report.skipped).toContainEqual(
      expect.objectContaining({ resource: backup, guard: 'reach', reason: expect.stringContaining('backup') }),
    );
    expect(await snapshotExists(clients, backup)).toBe(true);
  });

  it('a deregistered image keeps its snapshots and is registered again from them (moto keeps only name and description of a registration)', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const instance = await launchInstance(clients, await publicImage(clients));
    const name = `golden-${uniquePrefix('img')}`;
    const image = await createImage(clients, instance, name, { owner: 'carol@example.com', role: 'web' });
    const snapshots = await imageSnapshots(clients, image);
    expect(snapshots.length).toBeGreaterThan(0);
    await recordedDueMark(clients, janitor, image, 'image', 'unused-image');
    const report = await janitor.run({ types: ['image'], rules: { 'unused-image': { days: 0 } } });
    expect(doneOf(report, 'deregister-image')).toEqual([image]);
    expect(await imageExists(clients, image)).toBe(false);
    for (const snapshot of snapshots) expect(await snapshotExists(clients, snapshot)).toBe(true);
    const deletion = await readDeletion({ redis, prefix: janitor.deps.config.redis.prefix }, where, image);
    expect(deletion?.config).toMatchObject({ type: 'image', name });
    const mapped = deletion?.config.type === 'image' ? deletion.config.blockDeviceMappings : [];
    expect(mapped.map((mapping) => (mapping.Ebs as { SnapshotId?: string }).SnapshotId)).toEqual(snapshots);

    const restored = await runRestore({ resource: image, region: REGION, flagDryRun: false }, janitor.deps);
    expect(restored.actions).toEqual([expect.objectContaining({ kind: 'register-image', status: 'done' })]);
    const newId = restoredAs(restored, image) as string;
    expect(newId).toMatch(/^ami-/);
    expect(newId).not.toBe(image);
    const found = await ec2(clients).send(new DescribeImagesCommand({ ImageIds: [newId] }));
    expect(found.Images?.[0]?.Name).toBe(name);
    // moto drops a registration's TagSpecifications: the tags restore asks for are proven in the record it sends from.
    expect(deletion?.config.type === 'image' ? deletion.config.tags : {}).toMatchObject({
      owner: 'carol@example.com',
      role: 'web',
    });
  });

  it("an image of that name someone registered and tagged as this restore's is not taken for it: the restore fails, theirs stays", async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const instance = await launchInstance(clients, await publicImage(clients));
    const name = `golden-${uniquePrefix('img-taken')}`;
    const image = await createImage(clients, instance, name, { owner: 'carol@example.com' });
    await recordedDueMark(clients, janitor, image, 'image', 'unused-image');
    const report = await janitor.run({ types: ['image'], rules: { 'unused-image': { days: 0 } } });
    expect(doneOf(report, 'deregister-image')).toEqual([image]);
    // Theirs: the same name, made of another instance's volume, tagged as if a restore of the deleted one made it.
    const theirs = await createImage(clients, await launchInstance(clients, await publicImage(clients)), name, {
      'simian:janitor:restored-from': image,
    });

    const restored = await runRestore({ resource: image, region: REGION, flagDryRun: false }, janitor.deps);
    expect(restored.actions).toEqual([
      expect.objectContaining({ kind: 'register-image', status: 'failed', reason: expect.stringContaining(theirs) }),
    ]);
    const deletion = await readDeletion({ redis, prefix: janitor.deps.config.redis.prefix }, where, image);
    expect(deletion?.restored).toBeUndefined();
    expect(await imageExists(clients, theirs)).toBe(true);
  });

  it('simian janitor restore: a dry run (the default) plans and changes nothing; an id the Janitor never deleted is exit 2', async () => {
    const prefix = uniquePrefix('restore-cli');
    const { janitor, volume } = await deletedVolume({ owner: 'dan@example.com' });
    // The CLI's config reads the same record: copy the deletion under its prefix.
    const deletion = await readDeletion({ redis, prefix: janitor.deps.config.redis.prefix }, where, volume);
    const { writeDeletion } = await import('../../../monkeys/janitor/effects/janitor-deleted.js');
    await writeDeletion({ redis, prefix }, deletion as NonNullable<typeof deletion>);

    const dry = await simian('janitor', 'restore', volume, '-c', cliConfig(prefix, true), '--json');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report).toMatchObject({ monkey: 'janitor', dryRun: true });
    expect(report.actions).toEqual([
      expect.objectContaining({
        kind: 'restore-volume',
        resource: volume,
        status: 'planned',
        details: expect.objectContaining({ cannot: expect.stringContaining('new one') }),
      }),
    ]);
    expect(await volumesRestoredFrom(volume)).toEqual([]);

    const table = await simian('janitor', 'restore', volume, '-c', cliConfig(prefix, true));
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`restore-volume\\s+${volume}`));

    // Armed needs the config armed too.
    const unarmed = await simian('janitor', 'restore', volume, '-c', cliConfig(prefix, false), '--no-dry-run', '--yes');
    expect(unarmed.code).toBe(3);
    expect(await volumesRestoredFrom(volume)).toEqual([]);

    const unknown = await simian('janitor', 'restore', 'vol-0123456789abcdef0', '-c', cliConfig(prefix, true));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/the Janitor never deleted vol-0123456789abcdef0 .*nothing to restore/),
    ]);
    expect(unknown.stdout).toBe('');

    const armed = await simian('janitor', 'restore', volume, '-c', cliConfig(prefix, true), '--no-dry-run', '--yes');
    expect(armed.stderr).toBe('');
    expect(armed.code).toBe(0);
    const [made] = await volumesRestoredFrom(volume);
    expect(armed.stdout).toContain(made?.VolumeId as string);
  });
});
