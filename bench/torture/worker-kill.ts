import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RedisConfig } from '../../core/config/redis-schema.js';
import { globalConfigSchema } from '../../core/config/schema.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { JOB_NAMES } from '../../core/queue/jobs.js';
import { openRedis, type RedisClient } from '../../core/redis/connection.js';
import { ALWAYS_OPEN_CALENDAR } from '../../core/sandbox/always-open-calendar.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { MOTO_ACCOUNT } from '../accounts.js';
import { instanceStates, isGone } from './armed-faults.js';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';
import { type LongRunning, startBuiltCli } from './processes.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';

const SCHEDULE = 'chaos-torture';

const until = async (check: () => Promise<boolean>, what: string, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** A queue of armed Chaos planned runs (one group each) that real `simian worker` processes work off through a proxy. */
export interface ChaosJobs {
  readonly groups: number;
  readonly region: string;
  readonly configPath: string;
  readonly proxy: FaultProxy;
  readonly queue: FleetQueue;
  /** The config's Redis key prefix, and a connection to that Redis: the registry and the timeline of the run. */
  readonly prefix: string;
  readonly redis: RedisClient;
  /** The opted-in instances, one per group. */
  readonly instanceIds: readonly string[];
  /** The job counts, the opted-in instances still running and those terminated twice: the losses, if any. */
  check(losses: Losses): Promise<{ completed: number; failed: number; doubles: number }>;
  close(): Promise<void>;
}

/** Seeds `groups` opted-in groups in `region`, writes the armed config and enqueues one planned run per group. */
export async function armedChaosJobs(
  context: TortureContext,
  options: {
    region: string;
    groups: number;
    redisUrl: string;
    latencyMs: number;
    /** A Redis Cluster or Sentinel set instead of the one server at redisUrl. */
    topology?: Partial<Pick<RedisConfig, 'cluster' | 'sentinels' | 'sentinelName'>>;
    /** The chaos schedule's params (a reversible fault, its duration); terminate when absent. */
    params?: Record<string, unknown>;
    /** Over the fleet settings (e.g. dailyPlanAt). */
    fleet?: Record<string, unknown>;
    /** Over the calendar (every day, 00:00–23:59 UTC). */
    calendar?: Record<string, unknown>;
  },
): Promise<ChaosJobs> {
  const zone = `${options.region}a`;
  const fleet = await seedFleet(context.clients, {
    region: options.region,
    zones: [zone],
    groups: Array.from({ length: options.groups }, (_, index) => ({
      name: `jobs-${String(index).padStart(2, '0')}`,
      tags: { 'simian:chaos': 'enabled' },
      instancesPerZone: 1,
    })),
    snapshots: 0,
  });
  const proxy = await startFaultProxy(context.motoUrl, { latencyMs: options.latencyMs });
  // Hash-tagged, so the same keys fit a Redis Cluster (one slot).
  const prefix = `{torture-jobs-${Date.now().toString(36)}}`;
  const redisConfig = options.topology ? { ...options.topology, prefix } : { url: options.redisUrl, prefix };
  const dir = mkdtempSync(join(tmpdir(), 'simian-torture-jobs-'));
  mkdirSync(join(dir, 'schedules'));
  const configPath = join(dir, 'simian.yaml');
  writeFileSync(
    configPath,
    stringify({
      armed: true,
      accounts: [{ id: MOTO_ACCOUNT }],
      regions: [options.region],
      redis: redisConfig,
      endpointUrl: proxy.url,
      caps: { maxPerRun: 100, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: 100 },
      calendar: { ...ALWAYS_OPEN_CALENDAR, ...options.calendar },
      fleet: {
        concurrency: 2,
        lockDuration: '2s',
        stalledInterval: '1s',
        maxStalledCount: 100,
        backoff: '200ms',
        shutdownGrace: '2s',
        ...options.fleet,
      },
    }),
  );
  writeFileSync(
    join(dir, 'schedules', 'chaos.yaml'),
    stringify({
      schedules: [
        { id: SCHEDULE, monkey: 'chaos', armed: true, ...(options.params ? { params: options.params } : {}) },
      ],
    }),
  );
  const redis = openRedis(globalConfigSchema.parse({ redis: redisConfig }).redis, 'torture-jobs');
  const queue = openFleetQueue(globalConfigSchema.parse({ redis: redisConfig }), redis);
  // A Redis restart (redis-restart) drops the connection for a moment; BullMQ reconnects on its own.
  queue.on('error', () => undefined);
  const day = new Date().toISOString().slice(0, 10);
  for (const [slot, group] of fleet.groups.entries()) {
    await queue.add(
      JOB_NAMES.plannedRun,
      {
        scheduleId: SCHEDULE,
        monkey: 'chaos',
        group: group.name,
        account: MOTO_ACCOUNT,
        region: options.region,
        day,
        slot,
        at: new Date().toISOString(),
      },
      { jobId: `jobs-${group.name}` },
    );
  }
  return {
    groups: options.groups,
    region: options.region,
    configPath,
    proxy,
    queue,
    prefix,
    redis,
    instanceIds: fleet.groups.flatMap((group) => group.instanceIds),
    async check(losses) {
      const counts = await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
      losses.expect(
        counts.completed === options.groups,
        `${counts.completed} of ${options.groups} jobs completed (${JSON.stringify(counts)})`,
      );
      const states = await instanceStates(context.clients, options.region);
      const missed = fleet.groups.flatMap((group) => group.instanceIds).filter((id) => !isGone(states.get(id)));
      losses.expect(missed.length === 0, `opted-in instances still running: ${missed.join(', ')}`);
      const doubles = [...proxy.figures.terminations].filter(([, count]) => count > 1);
      losses.expect(
        doubles.length === 0,
        `instances terminated twice: ${doubles.map(([id, n]) => `${id} ×${n}`).join(', ')}`,
      );
      return { completed: counts.completed ?? 0, failed: counts.failed ?? 0, doubles: doubles.length };
    },
    async close() {
      await queue.close();
      redis.disconnect();
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until every job of `jobs` completed (or `timeoutMs` passed: the check then reports the loss). */
export const allCompleted = (jobs: ChaosJobs, timeoutMs = 120_000) =>
  until(
    async () => (await jobs.queue.getJobCounts('completed')).completed === jobs.groups,
    'every job to complete',
    timeoutMs,
  ).catch(() => undefined);

/** Waits until the proxy saw the first termination of `jobs` (the fleet is mid-run). */
export const untilFirstTermination = (jobs: ChaosJobs, timeoutMs = 60_000) =>
  until(async () => jobs.proxy.figures.terminations.size > 0, 'the first termination', timeoutMs).catch(
    () => undefined,
  );

/** Two real `simian worker` processes on the jobs' config, started together. */
export const twoWorkers = (jobs: ChaosJobs): LongRunning[] =>
  [0, 1].map(() => startBuiltCli(['worker', '-c', jobs.configPath], 'worker started'));

/** SIGKILLs what is still running of `workers` and waits for each to exit. */
export async function stopWorkers(workers: readonly LongRunning[]): Promise<void> {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((worker) => worker.exited));
}

/**
 * Real `simian worker` processes SIGKILLed mid-job, again and again, over armed Chaos planned runs (one group each)
 * through a slow proxy; then one worker left to finish. Every job completes (none lost), every opted-in instance is
 * terminated, and no instance gets a second TerminateInstances (no double action).
 */
export async function tortureWorkerKill(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const kills = context.quick ? 5 : 50;
  // Slow enough that a job (inventory, guards, re-read, terminate) takes a second or so: a kill lands mid-job.
  const jobs = await armedChaosJobs(context, {
    region: 'sa-east-1',
    groups: context.quick ? 6 : 30,
    redisUrl: context.redisUrl,
    latencyMs: 120,
  });
  const started = performance.now();
  try {
    let midJob = 0;
    for (let round = 0; round < kills; round += 1) {
      const worker = startBuiltCli(['worker', '-c', jobs.configPath], 'worker started');
      await worker.ready;
      const seen = jobs.proxy.figures.calls;
      // Killed once it is talking to AWS (mid-job), at a different point of the job each round.
      await until(async () => jobs.proxy.figures.calls > seen + (round % 4), 'the worker to call AWS', 30_000).catch(
        () => undefined,
      );
      if (jobs.proxy.figures.calls > seen) midJob += 1;
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    const survivor = startBuiltCli(['worker', '-c', jobs.configPath], 'worker started');
    await survivor.ready;
    await allCompleted(jobs);
    survivor.child.kill('SIGTERM');
    await survivor.exited;
    const { completed, failed, doubles } = await jobs.check(losses);
    return {
      scenario: 'SIGKILL workers',
      did: `${kills} real simian workers SIGKILLed (${midJob} while calling AWS) over ${jobs.groups} armed chaos jobs, +120 ms per call`,
      figures: `${completed}/${jobs.groups} jobs completed, ${failed} failed; ${jobs.proxy.figures.terminations.size} instances terminated, ${doubles} twice; ${jobs.proxy.figures.calls} AWS calls; ${((performance.now() - started) / 1000).toFixed(1)} s`,
      losses: losses.list,
    };
  } finally {
    await jobs.close();
  }
}
