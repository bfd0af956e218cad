import { describe, expect, it } from 'vitest';
import { businessDaysAfter } from '../../../monkeys/janitor/business-days.js';
import { startReceiver } from '../../support/receiver.js';
import {
  createVolume,
  DAY,
  doneOf,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  janitorTags,
  setTags,
} from './harness.js';

const { clients, redis } = janitorSandbox();
const VOLUMES = { types: ['volume'], rules: { 'detached-volume': { days: 0 } } };

describe('janitor notices', () => {
  it('a dry run tells no one and writes nothing; an undelivered digest leaves no notified-at and is sent again', async () => {
    const receiver = await startReceiver();
    try {
      const volume = await createVolume(clients, { owner: 'heidi@example.com' });
      const janitor = janitorAt(clients, redis, janitorConfig(receiver.url));
      await setTags(clients, volume, {
        'simian:janitor:detached-seen-at': new Date(janitor.clock.now().getTime() - DAY).toISOString(),
      });

      const dry = await janitor.run(VOLUMES, { dryRun: true });
      expect(dry.actions).toContainEqual(
        expect.objectContaining({ kind: 'mark-for-janitor', resource: volume, status: 'planned' }),
      );
      expect(Object.keys(await janitorTags(clients, volume))).toEqual(['simian:janitor:detached-seen-at']);
      expect(receiver.received).toHaveLength(0);

      receiver.answer([], 500);
      const failing = await janitor.run(VOLUMES);
      expect(doneOf(failing, 'mark-for-janitor')).toEqual([volume]);
      await receiver.waitFor(1);
      const marked = await janitorTags(clients, volume);
      expect(marked['simian:janitor:rule']).toBe('detached-volume');
      expect(marked['simian:janitor:notified-at']).toBeUndefined();

      // Four days on the channel answers again: the owner hears now, and the date moves out to the notice's end.
      receiver.answer([], 200);
      const failures = receiver.received.length;
      janitor.days(4);
      const late = await janitor.run(VOLUMES);
      expect(doneOf(late, 'delete-volume')).toEqual([]);
      await receiver.waitFor(failures + 1);
      expect(receiver.received.at(-1)?.body).toContain(volume);
      const told = await janitorTags(clients, volume);
      expect(told['simian:janitor:notified-at']).toBe(janitor.clock.now().toISOString());
      const noticeEnds = businessDaysAfter(janitor.clock.now(), 2, undefined).getTime();
      expect(Date.parse(told['simian:janitor:delete-after'] as string)).toBeGreaterThanOrEqual(noticeEnds);
    } finally {
      await receiver.close();
    }
  });

  it('counts business days: weekends and the calendar country public holidays are skipped', () => {
    const calendar = janitorConfig(undefined, {
      calendar: { timezone: 'UTC', holidays: { country: 'US' }, days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    }).calendar;
    // Wed 25 Nov 2026 + 2 business days: Thanksgiving (Thu 26) is a holiday, so Fri 27 and Mon 30.
    expect(businessDaysAfter(new Date('2026-11-25T10:00:00Z'), 2, calendar).toISOString()).toBe(
      '2026-11-30T10:00:00.000Z',
    );
    // Without holidays: Fri 27 → Mon 30 (the weekend skipped).
    expect(businessDaysAfter(new Date('2026-11-27T10:00:00Z'), 1, undefined).toISOString()).toBe(
      '2026-11-30T10:00:00.000Z',
    );
  });
});
