import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { globalConfigSchema } from '../../core/config/schema.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { JOB_NAMES } from '../../core/queue/jobs.js';
import { scheduleRevertJob } from '../../core/queue/revert-jobs.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { redisUrl, uniquePrefix } from '../support/env.js';
import { waitFor } from '../support/wait-for.js';
import { killAllFleetNodes, spawnFleetNode, writeFleetConfig } from './support/fleet-processes.js';

const SCHEDULES = [{ id: 'chaos-daily', monkey: 'chaos' }];

describe('fleet processes under faults', () => {
  let redis: Redis;
  const queues: FleetQueue[] = [];
  const setUp = (fleet: Record<string, unknown>) => {
    const prefix = uniquePrefix('faults');
    const { configPath } = writeFleetConfig({ redisUrl: redisUrl(), prefix, fleet, schedules: SCHEDULES });
    const queue = openFleetQueue(globalConfigSchema.parse({ redis: { prefix } }), redis);
    queues.push(queue);
    const list = (name: string) => redis.lrange(`${prefix}:test:${name}`, 0, -1);
    return { prefix, configPath, queue, list };
  };
  const addKill = (queue: FleetQueue, id: string) =>
    queue.add(
      JOB_NAMES.plannedRun,
      {
        scheduleId: 'chaos-daily',
        monkey: 'chaos',
        group: `group-${id}`,
        account: '123456789012',
        region: 'us-east-1',
        day: '2026-11-26',
        slot: 0,
        at: new Date().toISOString(),
      },
      { jobId: id },
    );

  beforeAll(() => {
    redis = openRedis(redisUrl());
  });
  afterEach(killAllFleetNodes);
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await closeRedis(redis);
  });

  it('a worker SIGKILLed mid-job 10 times in a row: every action runs once, none is lost', async () => {
    const { configPath, queue, list } = setUp({ concurrency: 1, maxStalledCount: 20, lockDuration: '1s' });
    const ids = Array.from({ length: 10 }, (_, index) => `kill-${index}`);
    for (const id of ids) await addKill(queue, id);
    const env = { FLEET_CONFIG: configPath, FLEET_HOLD_MS: '800', FLEET_HOLD_AFTER_MS: '800' };
    for (let round = 0; round < 10; round += 1) {
      // Even rounds die before the effect, odd rounds after it (before the job could complete).
      const watched = round % 2 === 0 ? 'started' : 'applied';
      const before = (await list(watched)).length;
      const worker = await spawnFleetNode('worker', env);
      await worker.ready;
      await waitFor(async () => (await list(watched)).length > before, `round ${round}: a job to reach ${watched}`);
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    const survivor = await spawnFleetNode('worker', env);
    await survivor.ready;
    await waitFor(async () => (await queue.getJobCounts('completed')).completed === 10, 'all jobs to complete');
    const applied = await list('applied');
    expect([...applied].sort()).toEqual([...ids].sort());
    expect((await list('started')).length).toBeGreaterThan(10);
    // Eleven worker processes start one after another: about a minute on a busy 2-core machine.
  }, 240_000);

  it('a revert due while every worker is stopped runs as soon as one starts; a revert without a job is reconciled', async () => {
    const { prefix, configPath, queue, list } = setUp({});
    const dueAt = new Date(Date.now() + 300);
    await redis.zadd(`${prefix}:test:reverts`, dueAt.getTime(), 'rv-queued', Date.now() - 60_000, 'rv-orphan');
    // The actuator's hook enqueued the first; the second was registered but its job never added (a crash).
    await scheduleRevertJob(queue, { id: 'rv-queued', dueAt }, new Date());
    await waitFor(async () => Date.now() > dueAt.getTime() + 200, 'the revert deadline to pass');
    expect(await list('reverted')).toEqual([]);

    const worker = await spawnFleetNode('worker', { FLEET_CONFIG: configPath });
    await worker.ready;
    const reverted = await waitFor(async () => {
      const done = await list('reverted');
      return done.length >= 2 ? done : undefined;
    }, 'both reverts to run');
    expect([...reverted].sort()).toEqual(['rv-orphan', 'rv-queued']);
  });

  it('SIGTERM during a job: the job finishes within the grace period and the worker exits 0', async () => {
    const { configPath, queue, list } = setUp({ shutdownGrace: '5s' });
    const worker = await spawnFleetNode('worker', { FLEET_CONFIG: configPath, FLEET_HOLD_MS: '1000' });
    await worker.ready;
    await addKill(queue, 'graceful');
    await waitFor(async () => (await list('started')).length === 1, 'the job to start');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(await list('finished')).toEqual(['graceful']);
    expect(await (await queue.getJob('graceful'))?.getState()).toBe('completed');
  });

  it('SIGTERM during a job longer than the grace period: the job is released, another worker completes it', async () => {
    const { configPath, queue, list } = setUp({ shutdownGrace: '1s' });
    const env = { FLEET_CONFIG: configPath, FLEET_HOLD_MS: '4000' };
    const worker = await spawnFleetNode('worker', env);
    await worker.ready;
    await addKill(queue, 'released');
    await waitFor(async () => (await list('started')).length === 1, 'the job to start');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(await (await queue.getJob('released'))?.getState()).toBe('waiting');

    const next = await spawnFleetNode('worker', env);
    await next.ready;
    await waitFor(async () => (await queue.getJob('released'))?.isCompleted(), 'the released job to complete');
    expect(await list('applied')).toEqual(['released']);
  });
});
