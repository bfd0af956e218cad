import { AllocateAddressCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../support/receiver.js';
import {
  attachVolume,
  createImage,
  createSnapshot,
  createVolume,
  DAY,
  doneOf,
  ec2,
  imageSnapshots,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  launchInstance,
  publicImage,
  setTags,
} from './harness.js';
import { accessFor } from './typed-resources.js';

const { clients, redis } = janitorSandbox();

const ALICE = { owner: 'alice@example.com' };
const BOB = { owner: 'bob@example.com' };
const PARAMS = {
  types: ['volume', 'snapshot', 'elastic-ip'],
  rules: {
    'detached-volume': { days: 7 },
    'unused-snapshot': { days: 10 },
    'unassociated-elastic-ip': { days: 5 },
  },
  retentionDays: 3,
  unownedRetentionDays: 10,
  noticeDays: 2,
  fallbackOwner: 'cloud-team@example.com',
  maxDeletionsPerRun: 3,
  maxDeletionsPerType: 2,
  maxPercentPerType: 100,
};

describe('janitor: a simulated month on a small sandbox', () => {
  it('deletes exactly the unused resources, each owner told once before, the caps held every run', async () => {
    const receiver = await startReceiver();
    try {
      const image = await publicImage(clients);
      const server = await launchInstance(clients, image);
      const ours = await createImage(clients, server, 'web-golden');
      await launchInstance(clients, ours);
      const [golden] = await imageSnapshots(clients, ours);
      await setTags(clients, golden as string, BOB);
      const scratch = [
        await createVolume(clients, ALICE),
        await createVolume(clients, ALICE),
        await createVolume(clients, ALICE),
      ];
      const inUse = await createVolume(clients, ALICE);
      await attachVolume(clients, inUse, server);
      const kept = await createVolume(clients, { ...ALICE, 'simian:janitor': 'DISABLED' });
      const oldSnapshots = [await createSnapshot(clients, inUse, BOB), await createSnapshot(clients, inUse, BOB)];
      const address = (await ec2(clients).send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId as string;

      const janitor = janitorAt(clients, redis, janitorConfig(receiver.url));
      const deletedAt = new Map<string, number>();
      const toldAt = new Map<string, number>();
      let cappedRuns = 0;
      for (let day = 0; day <= 30; day += 2) {
        const heard = receiver.received.length;
        const report = await janitor.run(PARAMS);
        expect(report.refused).toBeUndefined();
        expect(report.summary.failed).toBe(0);
        const deletions = report.actions.filter(
          (action) => action.kind.match(/^(delete|release)-/) && action.status === 'done',
        );
        expect(deletions.length).toBeLessThanOrEqual(PARAMS.maxDeletionsPerRun);
        for (const kind of ['delete-volume', 'delete-snapshot', 'release-address']) {
          expect(doneOf(report, kind).length).toBeLessThanOrEqual(PARAMS.maxDeletionsPerType);
        }
        if (report.skipped.some((skip) => skip.guard === 'caps')) cappedRuns += 1;
        for (const action of deletions) deletedAt.set(action.resource, janitor.clock.now().getTime());
        if (receiver.received.length > heard) await receiver.waitFor(receiver.received.length);
        for (const digest of receiver.received.slice(heard)) {
          for (const id of [...scratch, ...oldSnapshots, address, inUse, kept, golden as string]) {
            if (!digest.body.includes(id)) continue;
            expect(toldAt.has(id)).toBe(false);
            toldAt.set(id, janitor.clock.now().getTime());
          }
        }
        janitor.days(2);
      }

      // Exactly what was unused went, and nothing else.
      expect([...deletedAt.keys()].sort()).toEqual([...scratch, ...oldSnapshots, address].sort());
      for (const id of [inUse, kept]) expect(await accessFor(clients, 'volume').exists(id)).toBe(true);
      expect(await accessFor(clients, 'snapshot').exists(golden as string)).toBe(true);
      // Each was told once, at least the notice period (2 business days) before it went.
      for (const [id, at] of deletedAt) {
        expect(toldAt.get(id)).toBeDefined();
        expect(at - (toldAt.get(id) as number)).toBeGreaterThanOrEqual(2 * DAY);
      }
      // One digest per owner: alice for her volumes, bob for his snapshots, the fallback for the address.
      const owners = receiver.received.map((digest) =>
        ['alice@example.com', 'bob@example.com', 'cloud-team@example.com'].filter((owner) =>
          digest.body.includes(owner),
        ),
      );
      expect(owners.flat().sort()).toEqual(['alice@example.com', 'bob@example.com', 'cloud-team@example.com']);
      // Three volumes due together, two a type a run: one waited for the next run.
      expect(cappedRuns).toBeGreaterThan(0);
      // The unowned address is kept longer: 10 business days against 3.
      expect((deletedAt.get(address) as number) - (toldAt.get(address) as number)).toBeGreaterThan(
        (deletedAt.get(scratch[0] as string) as number) - (toldAt.get(scratch[0] as string) as number),
      );
    } finally {
      await receiver.close();
    }
  });
});
