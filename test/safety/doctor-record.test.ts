import { afterAll, describe, expect, it } from 'vitest';
import { DoctorRecord } from '../../core/safety/doctor-record.js';
import { testRedis, uniquePrefix } from '../support/env.js';

const redis = testRedis();
afterAll(async () => {
  await redis.quit();
});

const NOW = new Date('2026-11-24T18:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function recordOf(prefix = uniquePrefix('doctor-record')) {
  return new DoctorRecord({ redis, prefix, account: '123456789012', region: 'us-east-1' });
}

/** A seeded generator, so a failing case can be replayed. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("Doctor's record (real Redis)", () => {
  it('N remedies admitted at once never exceed the allowance, whatever the allowance and the crowd', async () => {
    const random = seeded(21);
    for (let round = 0; round < 25; round += 1) {
      const record = recordOf();
      const allowance = 1 + Math.floor(random() * 4);
      const crowd = 2 + Math.floor(random() * 30);
      const decisions = await Promise.all(
        Array.from({ length: crowd }, (_, n) =>
          record.admit({
            group: 'web-prod',
            instance: `i-${n.toString(16).padStart(8, '0')}`,
            allowance,
            now: NOW,
            heldUntil: later(60),
            gone: [],
            record: true,
          }),
        ),
      );
      const admitted = decisions.filter((decision) => decision.admitted).length;
      expect(admitted).toBe(Math.min(allowance, crowd));
      expect(await record.underRemedy('web-prod', NOW)).toHaveLength(admitted);
    }
  });

  it('a dry-run check records nothing; a redelivered admission does not count twice', async () => {
    const record = recordOf();
    const attempt = {
      group: 'web-prod',
      allowance: 1,
      now: NOW,
      heldUntil: later(60),
      gone: [],
    };
    expect(await record.admit({ ...attempt, instance: 'i-1', record: false })).toMatchObject({ admitted: true });
    expect(await record.admit({ ...attempt, instance: 'i-2', record: false })).toMatchObject({ admitted: true });
    expect(await record.underRemedy('web-prod', NOW)).toEqual([]);
    expect(await record.admit({ ...attempt, instance: 'i-1', record: true })).toMatchObject({ admitted: true });
    expect(await record.admit({ ...attempt, instance: 'i-1', record: true })).toMatchObject({ admitted: true });
    expect(await record.admit({ ...attempt, instance: 'i-2', record: true })).toEqual({
      admitted: false,
      count: 1,
      underRemedy: ['i-1'],
    });
  });

  it('a hold ends with its cooldown, a quarantine only when forgotten or found gone', async () => {
    const record = recordOf();
    const admit = (instance: string, now: Date, gone: string[] = []) =>
      record.admit({
        group: 'web-prod',
        instance,
        allowance: 1,
        now,
        heldUntil: new Date(now.getTime() + 60 * 60_000),
        gone,
        record: true,
      });
    expect(await admit('i-rebooted', NOW)).toMatchObject({ admitted: true });
    expect(await admit('i-next', later(30))).toMatchObject({ admitted: false });
    expect(await admit('i-next', later(61))).toMatchObject({ admitted: true }); // the reboot's hold is over

    await record.recordQuarantine({ group: 'web-prod', instance: 'i-next', at: NOW.toISOString(), runId: 'run-1' });
    expect(await admit('i-other', later(24 * 60 * 7))).toMatchObject({ admitted: false }); // held until terminated
    expect(await admit('i-other', later(24 * 60 * 7), ['i-next'])).toMatchObject({ admitted: true }); // found gone
  });

  it('keeps the first record of a quarantine (a redelivered detach), and forgets it once terminated', async () => {
    const record = recordOf();
    await record.recordQuarantine({ group: 'web-prod', instance: 'i-q', at: NOW.toISOString(), runId: 'run-1' });
    await record.recordQuarantine({ group: 'web-prod', instance: 'i-q', at: later(5).toISOString(), runId: 'run-2' });
    expect(await record.quarantinesOf(['i-q', 'i-copied'])).toEqual(
      new Map([
        [
          'i-q',
          {
            account: '123456789012',
            region: 'us-east-1',
            group: 'web-prod',
            instance: 'i-q',
            at: NOW.toISOString(),
            runId: 'run-1',
          },
        ],
      ]),
    );
    await record.forgetQuarantine('web-prod', 'i-q');
    expect(await record.quarantinesOf(['i-q'])).toEqual(new Map());
    expect(await record.underRemedy('web-prod', NOW)).toEqual([]);
  });
});
