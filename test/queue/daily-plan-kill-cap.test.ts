import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../core/config/load.js';
import { closeRedis, openRedis } from '../../core/queue/connection.js';
import { runDailyPlan } from '../../core/queue/daily-plan-job.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { dailyPlanning } from '../../core/queue/pipeline.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { redisUrl, testClients, uniquePrefix } from '../support/env.js';
import { ZONES } from '../support/fleet.js';
import { loadAlwaysOpenConfig } from './support/always-open-config.js';
import { testPipelineParts } from './support/pipeline-parts.js';

const GROUPS = ['web-prod', 'api-prod', 'db-prod', 'batch-prod'];

describe('the daily plan under a chaos cap below one kill a day (real pipeline, moto, Redis)', () => {
  const clients = testClients();
  const prefix = uniquePrefix('kill-cap');
  let redis: Redis;
  let queue: FleetQueue;
  let config: LoadedConfig;

  beforeAll(async () => {
    await seedFleet(clients, {
      region: 'us-east-1',
      zones: ZONES,
      groups: GROUPS.map((name) => ({
        name,
        tags: { 'simian:all': 'enabled' },
        instancesPerZone: 1,
        zones: [ZONES[0]],
      })),
    });
    config = loadAlwaysOpenConfig(prefix, { id: 'chaos-every-other-day', params: { probability: 1, maxPerDay: 0.5 } });
    redis = openRedis(redisUrl());
    queue = openFleetQueue(config.global, redis);
  });
  afterAll(async () => {
    await queue.close();
    await closeRedis(redis);
    clients.destroy();
  });

  it('with maxPerDay 0.5, plans each group at most once over two consecutive days', async () => {
    const parts = testPipelineParts(() => config, { clients, redis, queue });
    const planning = dailyPlanning(parts);
    const planFor = (day: string) =>
      runDailyPlan(
        {
          queue,
          redis,
          prefix,
          timezone: 'UTC',
          // Planned at the start of its day, so the whole window is still ahead.
          now: () => new Date(`${day}T00:00:00Z`),
          random: Math.random,
          monkeys: parts.monkeys,
          window: (planned) => planning.window(planned, config),
          candidates: (planned) => planning.candidates(planned, config),
        },
        day,
      );

    const kills = [...(await planFor('2026-03-02')), ...(await planFor('2026-03-03'))];
    const perGroup = new Map<string, number>();
    for (const kill of kills) perGroup.set(kill.group, (perGroup.get(kill.group) ?? 0) + 1);

    // Probability 1 would kill every group every day; the cap leaves each group one kill in the two days at most.
    expect(kills.length).toBeGreaterThan(0);
    for (const group of GROUPS) expect(perGroup.get(group) ?? 0).toBeLessThanOrEqual(1);
    expect([...perGroup.keys()].every((group) => GROUPS.includes(group))).toBe(true);
  });
});
