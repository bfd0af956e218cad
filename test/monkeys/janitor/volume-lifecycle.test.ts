import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../support/receiver.js';
import {
  attachVolume,
  createVolume,
  doneOf,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  janitorTags,
  launchInstance,
  publicImage,
  tagsOf,
  volumeExists,
} from './harness.js';

const { clients, redis } = janitorSandbox();

describe('janitor: detached volumes, mark → notify → delete', () => {
  it('marks a volume detached 30 days, tells its owner once, deletes it (after a snapshot) only past its date and notice', async () => {
    const receiver = await startReceiver();
    try {
      const image = await publicImage(clients);
      const instance = await launchInstance(clients, image);
      const detached = await createVolume(clients, { owner: 'alice@example.com', Name: 'scratch' });
      const attached = await createVolume(clients, { owner: 'alice@example.com' });
      await attachVolume(clients, attached, instance);
      const optedOut = await createVolume(clients, { owner: 'alice@example.com', 'Simian:Janitor': 'False' });
      const reused = await createVolume(clients, { owner: 'bob@example.com' });
      // Monday noon UTC: business days are easy to count.
      const janitor = janitorAt(clients, redis, janitorConfig(receiver.url), new Date('2027-01-04T12:00:00Z'));
      janitor.clock.set(new Date(Date.now()));

      const day0 = await janitor.run({ types: ['volume'] });
      expect(day0.refused).toBeUndefined();
      const seen = (await janitorTags(clients, detached))['simian:janitor:detached-seen-at'];
      expect(seen).toBe(janitor.clock.now().toISOString());
      expect(await janitorTags(clients, attached)).toEqual({});
      expect(await janitorTags(clients, optedOut)).toEqual({});
      expect(day0.skipped).toEqual(
        expect.arrayContaining([expect.objectContaining({ resource: optedOut, guard: 'opt-in' })]),
      );
      expect(receiver.received).toHaveLength(0);

      janitor.days(31);
      const day31 = await janitor.run({ types: ['volume'] });
      expect(doneOf(day31, 'mark-for-janitor').sort()).toEqual([detached, reused].sort());
      const marked = await janitorTags(clients, detached);
      expect(marked).toMatchObject({
        'simian:janitor:rule': 'detached-volume',
        'simian:janitor:marked-at': janitor.clock.now().toISOString(),
        'simian:janitor:notified-at': janitor.clock.now().toISOString(),
      });
      expect(new Date(marked['simian:janitor:delete-after'] as string).getTime()).toBeGreaterThan(
        janitor.clock.now().getTime(),
      );
      // One digest per owner: alice hears of hers, bob of his.
      const digests = await receiver.waitFor(2);
      const bodies = digests.map((received) => received.body);
      expect(bodies.filter((body) => body.includes(detached))).toHaveLength(1);
      expect(bodies.find((body) => body.includes(detached))).toContain('alice@example.com');
      expect(bodies.find((body) => body.includes(detached))).toContain('simian:janitor=disabled');
      expect(bodies.find((body) => body.includes(reused))).toContain('bob@example.com');

      // bob's volume is used again before its date: the next run unmarks it.
      await attachVolume(clients, reused, instance);
      janitor.days(1);
      const day32 = await janitor.run({ types: ['volume'] });
      expect(doneOf(day32, 'delete-volume')).toEqual([]);
      expect(doneOf(day32, 'unmark-for-janitor')).toEqual([reused]);
      expect(await janitorTags(clients, reused)).toEqual({});
      expect(receiver.received).toHaveLength(2);

      janitor.days(7);
      const day39 = await janitor.run({ types: ['volume'] });
      expect(doneOf(day39, 'delete-volume')).toEqual([detached]);
      expect(await volumeExists(clients, detached)).toBe(false);
      for (const kept of [attached, optedOut, reused]) expect(await volumeExists(clients, kept)).toBe(true);
      expect(receiver.received).toHaveLength(2);
      // The snapshot taken first says whose it was and how long it is kept.
      const { DescribeSnapshotsCommand } = await import('@aws-sdk/client-ec2');
      const backups = await clients.ec2({ region: 'us-east-1' }).send(
        new DescribeSnapshotsCommand({
          Filters: [
            { Name: 'tag:simian:janitor:backup-of', Values: [detached] },
            { Name: 'owner-id', Values: ['123456789012'] },
          ],
        }),
      );
      expect(backups.Snapshots).toHaveLength(1);
      const backupTags = await tagsOf(clients, backups.Snapshots?.[0]?.SnapshotId as string);
      expect(backupTags['simian:janitor:retain-until']).toBeDefined();
      expect(backupTags.owner).toBe('alice@example.com');
    } finally {
      await receiver.close();
    }
  });
});
