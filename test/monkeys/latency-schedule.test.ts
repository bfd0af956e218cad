import { describe, expect, it } from 'vitest';
import { loadScheduleFiles } from '../../core/config/load.js';
import { planDay } from '../../core/queue/daily-plan.js';
import { getMonkey, monkeyCatalog } from '../../monkeys/index.js';
import { latencyDaily } from '../../monkeys/latency/daily.js';

const candidate = (group: string, params: Record<string, unknown>) => ({
  scheduleId: 'latency-daily',
  monkey: 'latency' as const,
  group,
  account: '123456789012',
  region: 'us-east-1',
  params,
});

describe('the latency schedule users copy', () => {
  it('schedules/latency.yaml is valid, unarmed, and its params pass the latency schema', () => {
    const loaded = loadScheduleFiles(['schedules/latency.yaml'], { monkeys: monkeyCatalog });
    expect(loaded.problems).toEqual([]);
    expect(loaded.schedules.map((entry) => [entry.id, entry.monkey, entry.armed])).toEqual([
      ['latency-daily', 'latency', false],
      ['latency-database-path', 'latency', false],
    ]);
  });

  it('plans its day as Chaos does: episodes at random times in the window, each aimed at its group', () => {
    const window = { start: new Date('2026-11-25T17:00:00Z'), end: new Date('2026-11-25T23:00:00Z') };
    let draw = 0;
    const runs = planDay({
      day: '2026-11-25',
      now: new Date('2026-11-25T16:00:00Z'),
      window,
      candidates: [candidate('web-prod', { meanDaysBetweenRuns: 0.5 }), candidate('api-prod', {})],
      monkeys: (name) => getMonkey(name),
      random: () => [0.1, 0.5, 0.9][draw++ % 3] as number,
    });
    // Two a day on average for web-prod (0.5 days between), one for api-prod (the default: every run day).
    expect(runs.map((run) => run.group).sort()).toEqual(['api-prod', 'web-prod', 'web-prod']);
    for (const run of runs) {
      expect(Date.parse(run.at)).toBeGreaterThanOrEqual(window.start.getTime());
      expect(Date.parse(run.at)).toBeLessThan(window.end.getTime());
    }
    expect(latencyDaily.aim('web-prod')).toEqual({ group: 'web-prod' });
  });

  it('a group expects 1/meanDaysBetweenRuns episodes a run day; params that do not validate mean none', () => {
    const target = candidate('web-prod', {});
    expect(latencyDaily.count({ meanDaysBetweenRuns: 4 }, () => 0.2, target, '2026-11-25')).toBe(1);
    expect(latencyDaily.count({ meanDaysBetweenRuns: 4 }, () => 0.3, target, '2026-11-25')).toBe(0);
    expect(latencyDaily.count({ delay: '30s' }, () => 0, target, '2026-11-25')).toBe(0);
  });
});
