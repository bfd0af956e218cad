import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../core/cli/render-report.js';
import type { SimianEvent } from '../../../core/events/event.js';
import type { DashboardContext } from '../../../core/http/dashboard/deps.js';
import { findingsView } from '../../../core/http/dashboard/findings-view.js';
import type { RunReport } from '../../../core/plan/action.js';
import { businessDaysAfter } from '../../../monkeys/janitor/business-days.js';
import { clearMarkRecords, readMarkRecordsOf } from '../../../monkeys/janitor/effects/janitor-record.js';
import { MOTO_ACCOUNT } from '../../support/env.js';
import { startReceiver } from '../../support/receiver.js';
import {
  attachVolume,
  createVolume,
  DAY,
  doneOf,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  janitorTags,
  launchInstance,
  publicImage,
  REGION,
  recordedDueMark,
  setTags,
  volumeExists,
} from './harness.js';

const { clients, redis } = janitorSandbox();
const VOLUMES = { types: ['volume'], rules: { 'detached-volume': { days: 0 } } };
const SEEN = 'simian:janitor:detached-seen-at';

const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY).toISOString();

/** The report's lines about one resource (moto holds other tests' volumes too). */
function about(report: RunReport, resource: string) {
  return {
    actions: report.actions.filter((action) => action.resource === resource),
    findings: (report.findings ?? []).filter((finding) => finding.resource === resource),
  };
}

/** The dashboard's findings data as `GET /api/v1/dashboard/findings` answers it, over this janitor's timeline. */
function dashboardOf(janitor: ReturnType<typeof janitorAt>) {
  const events = janitor.events.events as SimianEvent[];
  const context = {
    redis,
    config: () => ({ global: janitor.deps.config }),
    events: { query: async (filter: { type?: string }) => events.filter((event) => event.type === filter.type) },
  } as unknown as DashboardContext;
  return findingsView(context);
}

describe('janitor: its own record decides, not the tags (issue 22 items 7-9)', () => {
  it('copied lifecycle tags, complete and past due, restart the clock: no deletion, a fresh mark and a notice', async () => {
    const receiver = await startReceiver();
    try {
      const janitor = janitorAt(clients, redis, janitorConfig(receiver.url));
      const now = janitor.clock.now();
      const volume = await createVolume(clients, { owner: 'mallory@example.com' });
      await setTags(clients, volume, {
        [SEEN]: ago(now, 40),
        'simian:janitor:rule': 'detached-volume',
        'simian:janitor:marked-at': ago(now, 35),
        'simian:janitor:delete-after': ago(now, 32),
        'simian:janitor:notified-at': ago(now, 30),
      });

      const report = await janitor.run(VOLUMES);
      expect(report.refused).toBeUndefined();
      expect(doneOf(report, 'delete-volume')).not.toContain(volume);
      expect(await volumeExists(clients, volume)).toBe(true);
      expect(doneOf(report, 'mark-for-janitor')).toContain(volume);
      const tags = await janitorTags(clients, volume);
      expect(tags['simian:janitor:marked-at']).toBe(now.toISOString());
      expect(tags['simian:janitor:notified-at']).toBe(now.toISOString());
      expect(Date.parse(tags['simian:janitor:delete-after'] as string)).toBeGreaterThan(now.getTime());
      const digests = await receiver.waitFor(1);
      expect(digests.some((digest) => digest.body.includes(volume))).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('a new owner is told before any deletion: a new notice and a new date, then the deletion', async () => {
    const receiver = await startReceiver();
    try {
      const janitor = janitorAt(clients, redis, janitorConfig(receiver.url));
      const volume = await createVolume(clients, { owner: 'alice@example.com' });
      await setTags(clients, volume, { [SEEN]: ago(janitor.clock.now(), 1) });
      const marking = await janitor.run(VOLUMES);
      expect(doneOf(marking, 'mark-for-janitor')).toContain(volume);
      const toAlice = await receiver.waitFor(1);
      expect(toAlice.find((digest) => digest.body.includes(volume))?.body).toContain('alice@example.com');
      const heard = receiver.received.length;

      await setTags(clients, volume, { owner: 'bob@example.com' });
      janitor.days(10);
      const changed = await janitor.run(VOLUMES);
      expect(doneOf(changed, 'delete-volume')).not.toContain(volume);
      expect(await volumeExists(clients, volume)).toBe(true);
      await receiver.waitFor(heard + 1);
      const toBob = receiver.received.slice(heard).find((digest) => digest.body.includes(volume));
      expect(toBob?.body).toContain('bob@example.com');
      const tags = await janitorTags(clients, volume);
      expect(tags['simian:janitor:notified-at']).toBe(janitor.clock.now().toISOString());
      const noticeEnds = businessDaysAfter(janitor.clock.now(), 2, undefined).getTime();
      expect(Date.parse(tags['simian:janitor:delete-after'] as string)).toBeGreaterThanOrEqual(noticeEnds);

      janitor.days(10);
      const deleting = await janitor.run(VOLUMES);
      expect(doneOf(deleting, 'delete-volume')).toContain(volume);
      expect(await volumeExists(clients, volume)).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it('the first sight of a detached volume is reported as seen (note-seen), not as a mark', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const volume = await createVolume(clients, { owner: 'carol@example.com' });
    const report = await janitor.run({ types: ['volume'] });
    const mine = about(report, volume);
    expect(mine.actions.map((action) => [action.kind, action.status])).toEqual([['note-seen', 'done']]);
    expect(mine.actions[0]?.details).toMatchObject({
      rule: 'detached-volume',
      why: expect.stringContaining('detached'),
      owner: 'carol@example.com',
    });
    expect(Object.keys(await janitorTags(clients, volume))).toEqual([SEEN]);
  });

  it('the dry run and --json name, per resource, the rule, why it matches, the owner and the date', async () => {
    const receiver = await startReceiver();
    try {
      const janitor = janitorAt(clients, redis, janitorConfig(receiver.url));
      const volume = await createVolume(clients, { owner: 'dana@example.com' });
      await setTags(clients, volume, { [SEEN]: ago(janitor.clock.now(), 1) });

      const dryMark = about(await janitor.run(VOLUMES, { dryRun: true }), volume).actions;
      expect(dryMark).toEqual([
        expect.objectContaining({
          kind: 'mark-for-janitor',
          status: 'planned',
          details: {
            rule: 'detached-volume',
            why: expect.stringContaining(`volume ${volume} is detached`),
            owner: 'dana@example.com',
            deleteAfter: expect.stringMatching(/^\d{4}-/),
          },
        }),
      ]);

      await janitor.run(VOLUMES);
      janitor.days(10);
      // Other tests' volumes in this moto are due too: no cap may leave this one out.
      const uncapped = { ...VOLUMES, maxDeletionsPerRun: 100, maxDeletionsPerType: 100, maxPercentPerType: 100 };
      const dryDelete = await janitor.run(uncapped, { dryRun: true });
      const [planned] = about(dryDelete, volume).actions;
      expect(planned).toMatchObject({
        kind: 'delete-volume',
        status: 'planned',
        details: { rule: 'detached-volume', owner: 'dana@example.com', deleteAfter: expect.stringMatching(/^\d{4}-/) },
      });
      expect(planned?.details?.why).toContain('detached');
      const table = renderReport(dryDelete);
      expect(table).toMatch(
        new RegExp(`delete-volume +${volume} .*rule detached-volume; why .*owner dana@example.com`),
      );
      expect(await volumeExists(clients, volume)).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('--report lists every resource the Janitor watches or marked: seen, marked and told, and tags it never wrote', async () => {
    const receiver = await startReceiver();
    try {
      const janitor = janitorAt(clients, redis, janitorConfig(receiver.url));
      const seen = await createVolume(clients, { owner: 'erin@example.com' });
      const marked = await createVolume(clients, { owner: 'erin@example.com' });
      await setTags(clients, marked, { [SEEN]: ago(janitor.clock.now(), 40) });
      await janitor.run({ types: ['volume'] });
      const forged = await createVolume(clients, { owner: 'erin@example.com' });
      await setTags(clients, forged, {
        'simian:janitor:rule': 'detached-volume',
        'simian:janitor:marked-at': ago(janitor.clock.now(), 9),
        'simian:janitor:delete-after': ago(janitor.clock.now(), 5),
      });

      const report = await janitor.run({ types: ['volume'], report: true }, { dryRun: true });
      expect(about(report, seen).findings).toEqual([
        expect.objectContaining({ rule: 'detached-volume', reason: expect.stringContaining('seen unused since') }),
      ]);
      expect(about(report, marked).findings).toEqual([
        expect.objectContaining({
          rule: 'detached-volume',
          owner: 'erin@example.com',
          reason: expect.stringContaining('erin@example.com notified at'),
          details: expect.objectContaining({ recorded: true, notifiedOwner: 'erin@example.com' }),
        }),
      ]);
      expect(about(report, forged).findings).toEqual([
        expect.objectContaining({
          reason: expect.stringContaining("not the Janitor's record"),
          details: expect.objectContaining({ recorded: false }),
        }),
      ]);
    } finally {
      await receiver.close();
    }
  });

  it("the dashboard's Marked by the Janitor table has every column filled after a real run", async () => {
    const receiver = await startReceiver();
    try {
      const janitor = janitorAt(clients, redis, janitorConfig(receiver.url));
      const volume = await createVolume(clients, { owner: 'frank@example.com' });
      await setTags(clients, volume, { [SEEN]: ago(janitor.clock.now(), 40) });
      await janitor.run({ types: ['volume'] });
      const row = (await dashboardOf(janitor)).janitor.find((mark) => mark.resource === volume);
      expect(row).toEqual({
        resource: volume,
        resourceType: 'volume',
        rule: 'detached-volume',
        owner: 'frank@example.com',
        markedAt: janitor.clock.now().toISOString(),
        deleteAfter: expect.stringMatching(/^\d{4}-/),
        notifiedOwner: 'frank@example.com',
        notifiedAt: janitor.clock.now().toISOString(),
        account: MOTO_ACCOUNT,
        region: REGION,
      });
    } finally {
      await receiver.close();
    }
  });

  it('a deletion whose record is gone by action time is spared; an unmark clears the record', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const store = { redis, prefix: janitor.deps.config.redis.prefix };
    const where = { account: MOTO_ACCOUNT, region: REGION };
    const volume = await createVolume(clients, { owner: 'gina@example.com' });
    await setTags(clients, volume, { [SEEN]: ago(janitor.clock.now(), 40) });
    await recordedDueMark(clients, janitor, volume, 'volume', 'detached-volume');
    const report = await janitor.run(
      { types: ['volume'] },
      {
        confirm: async (preview) => {
          expect(preview.actions).toContainEqual(expect.objectContaining({ kind: 'delete-volume', resource: volume }));
          await clearMarkRecords(store, where, [volume]);
          return true;
        },
      },
    );
    expect(doneOf(report, 'delete-volume')).not.toContain(volume);
    expect(report.skipped).toContainEqual(
      expect.objectContaining({
        resource: volume,
        guard: 'reach',
        reason: expect.stringContaining("not in the Janitor's record"),
      }),
    );
    expect(await volumeExists(clients, volume)).toBe(true);

    const used = await createVolume(clients, { owner: 'gina@example.com' });
    await setTags(clients, used, { [SEEN]: ago(janitor.clock.now(), 40) });
    await recordedDueMark(clients, janitor, used, 'volume', 'detached-volume');
    await attachVolume(clients, used, await launchInstance(clients, await publicImage(clients)));
    const unmarking = await janitor.run({ types: ['volume'] });
    expect(doneOf(unmarking, 'unmark-for-janitor')).toContain(used);
    expect((await readMarkRecordsOf(store, where, [used])).size).toBe(0);
  });

  it('no Redis, no deletion: an armed run without Redis is refused and deletes nothing', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const volume = await createVolume(clients);
    const now = janitor.clock.now();
    await setTags(clients, volume, {
      [SEEN]: ago(now, 40),
      'simian:janitor:rule': 'detached-volume',
      'simian:janitor:marked-at': ago(now, 35),
      'simian:janitor:delete-after': ago(now, 32),
      'simian:janitor:notified-at': ago(now, 30),
    });
    const { runDeclared } = await import('../../../monkeys/run-by-name.js');
    const report = await runDeclared(
      { monkey: 'janitor', region: 'us-east-1', params: VOLUMES, flagDryRun: false, manual: true },
      { ...janitor.deps, redis: null },
    );
    expect(report.refused?.guard).toBe('redis');
    expect(await volumeExists(clients, volume)).toBe(true);
  });
});
