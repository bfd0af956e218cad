import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryMonkeys } from '../../core/cli/fleet-process.js';
import { globalConfigSchema, scheduleEntrySchema } from '../../core/config/schema.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { createLogger } from '../../core/log.js';
import type { RunReport } from '../../core/plan/action.js';
import type { PlannedRun } from '../../core/queue/daily-plan.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { LEGACY_JOB_NAMES } from '../../core/queue/jobs.js';
import { legacyPlanKey, planKey, readPlan, storePlanOnce } from '../../core/queue/plan-store.js';
import type { FleetRunRequest } from '../../core/queue/run-job.js';
import {
  DAILY_PLAN_SCHEDULER,
  desiredSchedulers,
  LEGACY_DAILY_PLAN_SCHEDULER,
  syncSchedulers,
} from '../../core/queue/schedulers.js';
import { startFleetWorker } from '../../core/queue/worker.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { redisUrl, uniquePrefix } from '../support/env.js';
import { waitFor } from '../support/wait-for.js';

/** What an older simian (chaos the only monkey that planned its day) left in Redis keeps working. */
describe('daily plan compat with what an older simian stored', () => {
  let redis: Redis;
  const queues: FleetQueue[] = [];
  const open = (prefix: string) => {
    const config = globalConfigSchema.parse({ redis: { prefix }, fleet: { attempts: 1 } });
    const queue = openFleetQueue(config, redis);
    queues.push(queue);
    return { queue, config };
  };
  const kill = (group: string, slot: number, at: string): PlannedRun => ({
    id: `chaos-${group}-20261126-${slot}`,
    scheduleId: 'chaos-daily',
    monkey: 'chaos',
    group,
    account: '123456789012',
    region: 'us-east-1',
    day: '2026-11-26',
    slot,
    at,
  });

  beforeAll(() => {
    redis = openRedis(redisUrl());
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await closeRedis(redis);
  });

  it('a plan stored under the old chaos-plan key is the day’s plan: read back, never planned again', async () => {
    const prefix = uniquePrefix('compat-plan');
    const old = kill('web', 0, '2026-11-26T10:00:00.000Z');
    await redis.hset(
      legacyPlanKey(prefix, '2026-11-26'),
      '_plannedAt',
      '2026-11-26T08:00:00.000Z',
      old.id,
      JSON.stringify(old),
    );
    expect(await readPlan(redis, prefix, '2026-11-26')).toEqual([old]);
    const stored = await storePlanOnce(
      redis,
      prefix,
      '2026-11-26',
      [kill('api', 0, '2026-11-26T11:00:00.000Z')],
      new Date('2026-11-26T09:00:00Z'),
    );
    expect(stored).toEqual([old]);
    expect(await redis.exists(planKey(prefix, '2026-11-26'))).toBe(0);
    // A day without an old plan is stored under the new key.
    const fresh = kill('db', 0, '2026-11-27T10:00:00.000Z');
    expect(await storePlanOnce(redis, prefix, '2026-11-27', [fresh], new Date())).toEqual([fresh]);
    expect(await redis.exists(planKey(prefix, '2026-11-27'))).toBe(1);
    expect(await readPlan(redis, prefix, '2026-11-27')).toEqual([fresh]);
  });

  it('a chaos-kill job already in the queue is still run, aimed at its group', async () => {
    const prefix = uniquePrefix('compat-job');
    const { queue, config } = open(prefix);
    const requests: FleetRunRequest[] = [];
    const worker = startFleetWorker({
      config,
      connection: redis,
      logger: createLogger({ pretty: false, level: 'silent' }),
      events: new MemoryEventSink(),
      run: async (request) => {
        requests.push(request);
        return {
          monkey: request.monkey,
          dryRun: true,
          target: {},
          actions: [],
          skipped: [],
          summary: { planned: 0, done: 0, failed: 0, skipped: 0 },
        } satisfies RunReport;
      },
      reverts: { pending: async () => [], apply: async () => undefined },
      dailyPlan: {} as never,
    });
    try {
      const { id, ...data } = kill('web', 0, new Date().toISOString());
      await queue.add(LEGACY_JOB_NAMES.plannedRun, data, { jobId: id });
      await waitFor(async () => (await queue.getJob(id))?.isCompleted(), `job ${id} to complete`, {
        timeoutMs: 20_000,
      });
      expect(requests).toEqual([
        {
          scheduleId: 'chaos-daily',
          monkey: 'chaos',
          group: 'web',
          account: '123456789012',
          region: 'us-east-1',
          jobId: id,
          attempt: 1,
        },
      ]);
    } finally {
      await worker.close(2000);
    }
  });

  it('the first sync replaces the old simian.daily-chaos-plan scheduler (and its next job) with the new one', async () => {
    const { queue, config } = open(uniquePrefix('compat-sched'));
    await queue.upsertJobScheduler(
      LEGACY_DAILY_PLAN_SCHEDULER,
      { pattern: '0 8 * * *', tz: config.calendar.timezone },
      { name: 'daily-plan', data: {} },
    );
    const nextJobs = async () => (await queue.getDelayed()).map((job) => String(job.id).split(':')[1]);
    expect(await nextJobs()).toEqual([LEGACY_DAILY_PLAN_SCHEDULER]);

    const entries = [scheduleEntrySchema.parse({ id: 'chaos-daily', monkey: 'chaos' })];
    const result = await syncSchedulers(queue, desiredSchedulers(entries, config, registryMonkeys));
    expect(result).toMatchObject({ added: [DAILY_PLAN_SCHEDULER], removed: [LEGACY_DAILY_PLAN_SCHEDULER] });
    expect((await queue.getJobSchedulers(0, -1)).map((scheduler) => scheduler.key)).toEqual([DAILY_PLAN_SCHEDULER]);
    expect(await nextJobs()).toEqual([DAILY_PLAN_SCHEDULER]);
  });
});
