import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalConfigSchema } from '../../core/config/schema.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { createLogger } from '../../core/log.js';
import type { RunReport } from '../../core/plan/action.js';
import { runDailyPlan } from '../../core/queue/daily-plan-job.js';
import { openFleetQueue } from '../../core/queue/fleet-queue.js';
import { JOB_NAMES } from '../../core/queue/jobs.js';
import { RevertBusyError, type RevertSource } from '../../core/queue/revert-jobs.js';
import type { FleetRunner } from '../../core/queue/run-job.js';
import { startFleetWorker } from '../../core/queue/worker.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { redisUrl, uniquePrefix } from '../support/env.js';
import { waitFor } from '../support/wait-for.js';

const logger = createLogger({ pretty: false, level: 'silent' });
const report = (fields: Partial<RunReport>): RunReport => ({
  monkey: 'chaos',
  dryRun: false,
  target: {},
  actions: [],
  skipped: [],
  summary: { planned: 0, done: 0, failed: 0, skipped: 0 },
  ...fields,
});

describe('fleet worker', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = openRedis(redisUrl());
  });
  afterAll(() => closeRedis(redis));

  const start = (
    runner: FleetRunner,
    reverts: RevertSource = { pending: async () => [], apply: async () => undefined },
  ) => {
    const prefix = uniquePrefix('worker');
    const config = globalConfigSchema.parse({ redis: { prefix }, fleet: { attempts: 2, backoff: '50ms' } });
    const queue = openFleetQueue(config, redis);
    const timeline = new RedisTimeline(redis, { prefix });
    const calls: string[] = [];
    const fleet = startFleetWorker({
      config,
      connection: redis,
      logger,
      events: timeline,
      run: async (request) => {
        calls.push(request.jobId);
        return runner(request);
      },
      reverts,
      dailyPlan: {
        queue,
        redis,
        prefix,
        timezone: 'UTC',
        now: () => new Date(),
        random: () => 0.5,
        monkeys: () => undefined,
        window: () => null,
        candidates: async () => [],
      },
    });
    const stop = async () => {
      await fleet.close(2000);
      await queue.close();
    };
    return { queue, timeline, calls, stop, prefix };
  };

  it('a guard refusal is never retried; the failure is in the timeline without JobExhausted', async () => {
    const { queue, timeline, calls, stop } = start(async () =>
      report({ refused: { guard: 'kill-switch', reason: 'the kill switch is on' } }),
    );
    try {
      await queue.add(JOB_NAMES.monkey, { scheduleId: 'chaos-now', monkey: 'chaos' }, { jobId: 'refused' });
      await waitForState(queue, 'refused', 'failed');
      expect(calls).toEqual(['refused']);
      const failed = await queue.getJob('refused');
      expect(failed?.failedReason).toBe('refused by guard kill-switch: the kill switch is on');
      const events = await eventsOf(timeline, 'JobFailed', 1);
      expect(events[0]).toMatchObject({ final: true, jobId: 'refused' });
      expect(await timeline.query({ type: 'JobExhausted' })).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('a job that keeps failing is retried, then recorded as JobExhausted', async () => {
    const { queue, timeline, calls, stop } = start(async () => {
      throw new Error('AWS said no');
    });
    try {
      await queue.add(JOB_NAMES.monkey, { scheduleId: 'gorilla-now', monkey: 'gorilla' }, { jobId: 'doomed' });
      await waitForState(queue, 'doomed', 'failed');
      expect(calls).toEqual(['doomed', 'doomed']);
      const [exhausted] = await eventsOf(timeline, 'JobExhausted', 1);
      expect(exhausted).toMatchObject({ jobId: 'doomed', monkey: 'gorilla', reason: 'AWS said no', attempts: 2 });
    } finally {
      await stop();
    }
  });

  it('a revert held by another applier waits for its lease to end, past the attempts, and is then applied', async () => {
    const tries: number[] = [];
    const { queue, stop } = start(async () => report({}), {
      pending: async () => [],
      apply: async () => {
        tries.push(Date.now());
        // Held three times (more than the 2 attempts), each lease ending 200 ms later; then free.
        if (tries.length <= 3) throw new RevertBusyError(new Date(Date.now() + 200), 'being applied elsewhere');
      },
    });
    try {
      await queue.add(JOB_NAMES.revert, { revertId: 'rv-held', dueAt: new Date().toISOString() }, { jobId: 'held' });
      await waitForState(queue, 'held', 'completed');
      expect(tries).toHaveLength(4);
      const gaps = tries.slice(1).map((at, index) => at - (tries[index] as number));
      expect(gaps.every((gap) => gap >= 200)).toBe(true);
    } finally {
      await stop();
    }
  });

  it('planning a day twice (two schedulers, a retry) enqueues each kill once, as first planned', async () => {
    const { queue, stop, prefix } = start(async () => report({}));
    await stop();
    const now = new Date('2026-11-26T10:00:00Z');
    const deps = (random: () => number) => ({
      queue,
      redis,
      prefix,
      timezone: 'UTC',
      now: () => now,
      random,
      // Chaos as the daily plan sees it, two kills a day in every group.
      monkeys: (name: string) =>
        name === 'chaos'
          ? { name, kind: 'fault' as const, daily: { count: () => 2, aim: (group: string) => ({ group }) } }
          : undefined,
      window: () => ({ start: new Date('2026-11-26T09:00:00Z'), end: new Date('2026-11-26T15:00:00Z') }),
      candidates: async () => [
        {
          scheduleId: 'chaos-daily',
          monkey: 'chaos',
          group: 'web:prod',
          account: '123456789012',
          region: 'us-east-1',
          params: {},
        },
      ],
    });
    const reopened = openFleetQueue(globalConfigSchema.parse({ redis: { prefix } }), redis);
    try {
      const first = await runDailyPlan({ ...deps(() => 0.25), queue: reopened });
      const second = await runDailyPlan({ ...deps(() => 0.75), queue: reopened });
      expect(second).toEqual(first);
      expect(first.map((kill) => kill.id)).toEqual(['chaos-web_prod-20261126-0', 'chaos-web_prod-20261126-1']);
      // A plan made at 10:00 never schedules into the past part of the 09:00-15:00 window.
      expect(first.every((kill) => kill.at >= now.toISOString() && kill.at < '2026-11-26T15:00:00.000Z')).toBe(true);
      expect(await reopened.getJobCounts('delayed', 'waiting')).toEqual({ delayed: 2, waiting: 0 });
    } finally {
      await reopened.close();
    }
  });
});

async function waitForState(queue: ReturnType<typeof openFleetQueue>, id: string, state: string): Promise<void> {
  await waitFor(async () => (await (await queue.getJob(id))?.getState()) === state, `job ${id} to reach ${state}`, {
    timeoutMs: 20_000,
  });
}

async function eventsOf(timeline: RedisTimeline, type: string, count: number) {
  return waitFor(
    async () => {
      const events = await timeline.query({ type });
      return events.length >= count && events;
    },
    `${count} ${type} event(s)`,
    { timeoutMs: 10_000 },
  );
}
