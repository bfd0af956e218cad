import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../core/queue/daily-plan-job.js';
import { readPlan } from '../../core/queue/plan-store.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { redisUrl, uniquePrefix } from '../support/env.js';
import { waitFor } from '../support/wait-for.js';
import { killAllFleetNodes, startFleet, writeFleetConfig } from './support/fleet-processes.js';

describe('a compressed day with two schedulers and three workers', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = openRedis(redisUrl());
  });
  afterEach(killAllFleetNodes);
  afterAll(() => closeRedis(redis));

  it('executes exactly the stored plan, each kill once', async () => {
    const prefix = uniquePrefix('day');
    const { configPath } = writeFleetConfig({
      redisUrl: redisUrl(),
      prefix,
      calendar: { timezone: 'UTC' },
      fleet: { dailyPlanAt: '00:00' },
      schedules: [{ id: 'chaos-daily', monkey: 'chaos', params: { killsPerDay: 2 } }],
    });
    const env = { FLEET_CONFIG: configPath, FLEET_GROUPS: 'web,api,db', FLEET_WINDOW_MS: '3000' };
    await startFleet(env, { schedulers: 2, workers: 3 });

    const day = dayOf(new Date(), 'UTC');
    const plan = await waitFor(() => readPlan(redis, prefix, day), 'the day to be planned');
    expect(plan).toHaveLength(6);
    expect(new Set(plan.map((kill) => kill.id)).size).toBe(6);
    expect(plan.every((kill) => /^chaos-(web|api|db)-\d{8}-[01]$/.test(kill.id))).toBe(true);

    const applied = await waitFor(async () => {
      const list = await redis.lrange(`${prefix}:test:applied`, 0, -1);
      return list.length >= 6 ? list : undefined;
    }, 'every planned kill to be executed');
    expect([...applied].sort()).toEqual(plan.map((kill) => kill.id).sort());
    // No job ran twice: no crash happened, so each kill started exactly once.
    const started = await redis.lrange(`${prefix}:test:started`, 0, -1);
    expect([...started].sort()).toEqual(plan.map((kill) => kill.id).sort());
  });
});
