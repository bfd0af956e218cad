import { describe, expect, it } from 'vitest';
import { seedFleet } from '../../core/sandbox/seed.js';
import { ZONES } from '../support/fleet.js';
import { loadAlwaysOpenConfig } from './support/always-open-config.js';
import { pipelineFixture } from './support/pipeline-fixture.js';

const GROUPS = ['web-prod', 'api-prod', 'db-prod', 'batch-prod'];

describe('the daily plan under a chaos cap below one kill a day (real pipeline, moto, Redis)', () => {
  const fleet = pipelineFixture('kill-cap', {
    seed: (clients) =>
      seedFleet(clients, {
        region: 'us-east-1',
        zones: ZONES,
        groups: GROUPS.map((name) => ({
          name,
          tags: { 'simian:all': 'enabled' },
          instancesPerZone: 1,
          zones: [ZONES[0]],
        })),
      }),
    load: (prefix) =>
      loadAlwaysOpenConfig(prefix, { id: 'chaos-every-other-day', params: { probability: 1, maxPerDay: 0.5 } }),
  });

  it('with maxPerDay 0.5, plans each group at most once over two consecutive days', async () => {
    // Planned at the start of its day, so the whole window is still ahead.
    const planFor = (day: string) => fleet.planDay(() => new Date(`${day}T00:00:00Z`), day);

    const kills = [...(await planFor('2026-03-02')), ...(await planFor('2026-03-03'))];
    const perGroup = new Map<string, number>();
    for (const kill of kills) perGroup.set(kill.group, (perGroup.get(kill.group) ?? 0) + 1);

    // Probability 1 would kill every group every day; the cap leaves each group one kill in the two days at most.
    expect(kills.length).toBeGreaterThan(0);
    for (const group of GROUPS) expect(perGroup.get(group) ?? 0).toBeLessThanOrEqual(1);
    expect([...perGroup.keys()].every((group) => GROUPS.includes(group))).toBe(true);
  });
});
