import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveGroupSettings } from '../../monkeys/chaos/group-settings.js';
import { type KillRate, killRateOf, killsForDay, simulateKills } from '../../monkeys/chaos/kill-rate.js';
import { chaosParams } from '../../monkeys/chaos/params.js';

/** mulberry32: a small seeded generator, so every simulation here is deterministic. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAYS = 10_000;
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** Asserts the total is within 4 standard deviations of its expectation. */
function expectWithinFourSigma(total: number, mean: number, variance: number) {
  expect(Math.abs(total - mean)).toBeLessThan(4 * Math.sqrt(variance));
}

function gapsBetweenKills(kills: readonly number[]): number[] {
  const days = kills.flatMap((count, index) => (count > 0 ? [index] : []));
  return days.slice(1).map((day, index) => day - (days[index] as number));
}

describe('chaos kill rate over 10,000 simulated run days', () => {
  it('mean time between kills of 5 days kills on about one day in five', () => {
    const kills = simulateKills(killRateOf({ meanTimeBetweenKillsDays: 5 }), seeded(1), DAYS);
    expectWithinFourSigma(sum(kills), DAYS * 0.2, DAYS * 0.2 * 0.8);
    expect(Math.max(...kills)).toBe(1);
  });

  it('a mean below one day gives several kills a day (2.5 a day for a mean of 0.4)', () => {
    const kills = simulateKills(killRateOf({ meanTimeBetweenKillsDays: 0.4 }), seeded(2), DAYS);
    expect(new Set(kills)).toEqual(new Set([2, 3]));
    expectWithinFourSigma(sum(kills), DAYS * 2.5, DAYS * 0.25);
  });

  it('probability spread over runs: p = probability / runsPerDay per run (3 over 6 runs → 3 a day)', () => {
    const rate = killRateOf({ probability: 3, runsPerDay: 6, maxPerDay: 10 });
    const kills = simulateKills(rate, seeded(3), DAYS);
    // Each day is Binomial(6, 0.5): mean 3, variance 1.5.
    expectWithinFourSigma(sum(kills), DAYS * 3, DAYS * 1.5);
  });

  it('probability 0.5 with one run a day kills on about half the days', () => {
    const kills = simulateKills(killRateOf({ probability: 0.5 }), seeded(4), DAYS);
    expectWithinFourSigma(sum(kills), DAYS * 0.5, DAYS * 0.25);
  });

  it('maxPerDay caps the kills of a day (probability 1.5, cap 1 → exactly one kill every day)', () => {
    const kills = simulateKills(killRateOf({ probability: 1.5, maxPerDay: 1 }), seeded(5), DAYS);
    expect(new Set(kills)).toEqual(new Set([1]));
  });

  it('maxPerDay below 1 allows at most one kill per ceil(1/x) days (0.25 → one kill every 4 days)', () => {
    const kills = simulateKills(killRateOf({ probability: 1, maxPerDay: 0.25 }), seeded(6), DAYS);
    expect(sum(kills)).toBe(DAYS / 4);
    expect(new Set(gapsBetweenKills(kills))).toEqual(new Set([4]));
  });

  it('property: for any cap below 1 and any probability, two kills are never closer than ceil(1/cap) days', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (maxPerDay, probability, runsPerDay, seed) => {
          const rate = killRateOf({ probability, maxPerDay, runsPerDay });
          const remembered = simulateKills(rate, seeded(seed), 200);
          // Stateless: the planner knows only the day (its slot days), not the last kill.
          const random = seeded(seed);
          const slotted = Array.from({ length: 200 }, (_, index) => killsForDay(rate, random, { index, phase: seed }));
          for (const kills of [remembered, slotted]) {
            expect(Math.max(0, ...kills)).toBeLessThanOrEqual(1);
            for (const gap of gapsBetweenKills(kills)) expect(gap).toBeGreaterThanOrEqual(Math.ceil(1 / maxPerDay));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('killsForDay is pure: the same rate, random sequence and day give the same answer', () => {
    const rate: KillRate = killRateOf({ probability: 2, runsPerDay: 4, maxPerDay: 3 });
    const first = Array.from({ length: 50 }, (_, index) => killsForDay(rate, seeded(index), { index }));
    const second = Array.from({ length: 50 }, (_, index) => killsForDay(rate, seeded(index), { index }));
    expect(first).toEqual(second);
    expect(killsForDay(killRateOf({ probability: 1, maxPerDay: 0.5 }), () => 0, { index: 9, lastKillIndex: 8 })).toBe(
      0,
    );
  });
});

describe('chaos kill-rate settings', () => {
  it('defaults to a mean of 5 days between kills', () => {
    expect(killRateOf({})).toEqual({ model: 'mean-time-between-kills', meanDays: 5 });
  });

  it('refuses both models at once, naming the fields', () => {
    const parsed = chaosParams.safeParse({ meanTimeBetweenKillsDays: 3, probability: 1 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/either meanTimeBetweenKillsDays or probability\/maxPerDay/);
  });

  it('per-group YAML settings match by name or glob, and a group tag overrides the rate', () => {
    const params = chaosParams.parse({
      probability: 1,
      groups: { 'web-*': { meanTimeBetweenKillsDays: 2, fault: 'stop', duration: '20m' } },
    });
    const web = resolveGroupSettings(params, 'web-prod', [{}]);
    expect(web).toMatchObject({
      ok: true,
      settings: { fault: 'stop', durationMs: 20 * 60_000, killRate: { model: 'mean-time-between-kills', meanDays: 2 } },
    });
    const api = resolveGroupSettings(params, 'api-prod', [{ 'simian:chaos:max-per-day': '0.5' }]);
    expect(api).toMatchObject({
      ok: true,
      settings: { fault: 'terminate', killRate: { model: 'probability', probability: 1, maxPerDay: 0.5 } },
    });
    const tagged = resolveGroupSettings(params, 'web-prod', [{ 'simian:chaos:mtbk-days': '10' }]);
    expect(tagged).toMatchObject({ ok: true, settings: { killRate: { meanDays: 10 } } });
  });

  it('an unreadable rate tag spares the group with a reason that names the tag', () => {
    const params = chaosParams.parse({});
    expect(resolveGroupSettings(params, 'web-prod', [{ 'simian:chaos:mtbk-days': 'weekly' }])).toEqual({
      ok: false,
      reason: 'tag simian:chaos:mtbk-days="weekly" is not a positive number',
    });
  });
});
