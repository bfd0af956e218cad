import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryMonkeys } from '../../core/cli/fleet-process.js';
import { globalConfigSchema, type ScheduleEntry, scheduleEntrySchema } from '../../core/config/schema.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { DAILY_PLAN_SCHEDULER, desiredSchedulers, syncSchedulers } from '../../core/queue/schedulers.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { redisUrl, uniquePrefix } from '../support/env.js';

const entry = (fields: Record<string, unknown>): ScheduleEntry => scheduleEntrySchema.parse(fields);

describe('schedule sync', () => {
  let redis: Redis;
  const queues: FleetQueue[] = [];
  const open = (prefix: string) => {
    const config = globalConfigSchema.parse({ redis: { prefix } });
    const queue = openFleetQueue(config, redis);
    queues.push(queue);
    return { queue, config };
  };

  beforeAll(() => {
    redis = openRedis(redisUrl());
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await closeRedis(redis);
  });

  it('two schedulers upserting the same YAML leave one scheduler per entry', async () => {
    const prefix = uniquePrefix('sched');
    const first = open(prefix);
    const second = open(prefix);
    const entries = [
      entry({ id: 'gorilla-weekly', monkey: 'gorilla', cron: '0 10 * * 2' }),
      entry({ id: 'janitor-hourly', monkey: 'janitor', every: '1h' }),
    ];
    const desired = desiredSchedulers(entries, first.config, registryMonkeys);
    const [a, b] = await Promise.all([syncSchedulers(first.queue, desired), syncSchedulers(second.queue, desired)]);
    expect([...a.added, ...a.updated, ...a.unchanged].sort()).toEqual(['gorilla-weekly', 'janitor-hourly']);
    expect([...b.added, ...b.updated, ...b.unchanged].sort()).toEqual(['gorilla-weekly', 'janitor-hourly']);
    const stored = await first.queue.getJobSchedulers(0, -1);
    expect(stored.map((scheduler) => scheduler.key).sort()).toEqual(['gorilla-weekly', 'janitor-hourly']);
    const again = await syncSchedulers(second.queue, desired);
    expect(again.unchanged.sort()).toEqual(['gorilla-weekly', 'janitor-hourly']);
    expect(await first.queue.getJobSchedulersCount()).toBe(2);
  });

  it('removes a scheduler whose entry left the YAML and updates a changed one in place', async () => {
    const { queue, config } = open(uniquePrefix('sched'));
    await syncSchedulers(
      queue,
      desiredSchedulers(
        [
          entry({ id: 'gorilla-weekly', monkey: 'gorilla', cron: '0 10 * * 2' }),
          entry({ id: 'kong-monthly', monkey: 'kong', cron: '0 11 1 * *' }),
        ],
        config,
        registryMonkeys,
      ),
    );
    const result = await syncSchedulers(
      queue,
      desiredSchedulers(
        [entry({ id: 'gorilla-weekly', monkey: 'gorilla', cron: '30 14 * * 4' })],
        config,
        registryMonkeys,
      ),
    );
    expect(result).toMatchObject({ updated: ['gorilla-weekly'], removed: ['kong-monthly'], added: [] });
    const stored = await queue.getJobSchedulers(0, -1);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ key: 'gorilla-weekly', pattern: '30 14 * * 4', tz: 'America/Los_Angeles' });
  });

  it('a disabled entry has no scheduler; a chaos entry without cron joins the daily plan', async () => {
    const { queue, config } = open(uniquePrefix('sched'));
    const result = await syncSchedulers(
      queue,
      desiredSchedulers(
        [
          entry({ id: 'gorilla-off', monkey: 'gorilla', cron: '0 10 * * 2', enabled: false }),
          entry({ id: 'chaos-daily', monkey: 'chaos' }),
        ],
        config,
        registryMonkeys,
      ),
    );
    expect(result.added).toEqual([DAILY_PLAN_SCHEDULER]);
    const [daily] = await queue.getJobSchedulers(0, -1);
    expect(daily).toMatchObject({ pattern: '0 8 * * *', tz: 'America/Los_Angeles', name: 'daily-plan' });
  });

  it('a chaos entry with cron plans the day at that time instead of running on the timer', async () => {
    const { queue, config } = open(uniquePrefix('sched'));
    const result = await syncSchedulers(
      queue,
      desiredSchedulers(
        [entry({ id: 'chaos-weekdays', monkey: 'chaos', cron: '0 9 * * 1-5' })],
        config,
        registryMonkeys,
      ),
    );
    expect(result.added).toEqual(['chaos-weekdays']);
    const [daily] = await queue.getJobSchedulers(0, -1);
    expect(daily).toMatchObject({ key: 'chaos-weekdays', pattern: '0 9 * * 1-5', name: 'daily-plan' });
  });
});
