import { describe, expect, it } from 'vitest';
import { loadScheduleFiles } from '../../core/config/load.js';
import { chaosKillsToday } from '../../monkeys/chaos/daily-kills.js';
import { monkeyCatalog } from '../../monkeys/index.js';

describe('the chaos schedule users copy', () => {
  it('schedules/chaos.yaml is valid, unarmed, and its params pass the chaos schema', () => {
    const loaded = loadScheduleFiles(['schedules/chaos.yaml'], {
      monkeys: monkeyCatalog,
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.schedules.length).toBeGreaterThanOrEqual(1);
    for (const entry of loaded.schedules) expect(entry).toMatchObject({ monkey: 'chaos', armed: false });
  });
});

describe('chaosKillsToday (the fleet daily plan calls it per group and run day)', () => {
  it('applies the group entry and the group tags over the schedule params', () => {
    const params = { meanTimeBetweenKillsDays: 1000, groups: { 'web-*': { meanTimeBetweenKillsDays: 1 } } };
    const draw = () => 0.5;
    expect(chaosKillsToday(params, draw, { group: 'api-prod' })).toBe(0);
    expect(chaosKillsToday(params, draw, { group: 'web-prod' })).toBe(1);
    expect(chaosKillsToday(params, draw, { group: 'api-prod', tags: [{ 'simian:chaos:mtbk-days': '1' }] })).toBe(1);
  });

  it('fails closed: invalid params or an unreadable rate tag mean no kill', () => {
    expect(chaosKillsToday({ meanTimeBetweenKillsDays: -1 }, () => 0)).toBe(0);
    expect(chaosKillsToday({ probability: 1 }, () => 0, { tags: [{ 'simian:chaos:max-per-day': 'lots' }] })).toBe(0);
  });

  it('with only the date, a cap below one a day allows kills on one slot day in every ceil(1/x) days', () => {
    const params = { probability: 1, maxPerDay: 0.25 };
    const dates = Array.from({ length: 40 }, (_, day) =>
      new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10),
    );
    for (const group of ['web-prod', 'api-prod', 'db-prod']) {
      const killDays = dates.flatMap((date, index) =>
        chaosKillsToday(params, () => 0, { group, date }) > 0 ? [index] : [],
      );
      expect(killDays).toHaveLength(10);
      expect(new Set(killDays.slice(1).map((day, index) => day - (killDays[index] as number)))).toEqual(new Set([4]));
    }
  });

  it('remembers the last kill when the cap is below one a day', () => {
    const params = { probability: 1, maxPerDay: 0.5 };
    expect(chaosKillsToday(params, () => 0, { day: { index: 10, lastKillIndex: 9 } })).toBe(0);
    expect(chaosKillsToday(params, () => 0, { day: { index: 11, lastKillIndex: 9 } })).toBe(1);
  });
});
