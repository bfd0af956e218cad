import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { GlobalConfig } from '../config/schema.js';
import type { EventSink } from '../events/event.js';
import type { RedisClient } from '../redis/connection.js';
import { type DailyPlanDeps, runDailyPlan } from './daily-plan-job.js';
import { recordJobFailure } from './job-events.js';
import {
  type DailyPlanJobData,
  type FleetJobData,
  JOB_NAMES,
  LEGACY_JOB_NAMES,
  type MonkeyJobData,
  type PlannedRunJobData,
  type RevertJobData,
} from './jobs.js';
import { RevertBusyError, type RevertSource } from './revert-jobs.js';
import { type FleetRunner, runFleetJob } from './run-job.js';

export interface FleetWorkerOptions {
  readonly config: Pick<GlobalConfig, 'fleet' | 'redis'>;
  readonly connection: RedisClient;
  readonly logger: Logger;
  readonly events: EventSink;
  readonly run: FleetRunner;
  readonly reverts: RevertSource;
  readonly dailyPlan: DailyPlanDeps;
  /** Over config fleet.concurrency (`simian worker --concurrency n`). */
  readonly concurrency?: number;
}

export interface FleetWorker {
  readonly worker: Worker<FleetJobData>;
  /**
   * Stops taking jobs and lets running ones finish within `graceMs`; jobs still running then are released to the
   * queue for another worker (BullMQ's own close waits forever).
   */
  close(graceMs: number): Promise<void>;
}

async function processJob(options: FleetWorkerOptions, job: Job<FleetJobData>, token?: string): Promise<unknown> {
  switch (job.name) {
    case JOB_NAMES.monkey: {
      const data = job.data as MonkeyJobData;
      const report = await runFleetJob(options.run, { ...data, jobId: String(job.id), attempt: job.attemptsMade + 1 });
      // The job keeps the summary only: the report itself is in the timeline, and a big one would bloat Redis.
      return report.summary;
    }
    case JOB_NAMES.plannedRun:
    // Compat: planned runs an older simian enqueued under their old name (same data, monkey 'chaos').
    case LEGACY_JOB_NAMES.plannedRun: {
      const data = job.data as PlannedRunJobData;
      const report = await runFleetJob(options.run, {
        scheduleId: data.scheduleId,
        monkey: data.monkey,
        group: data.group,
        account: data.account,
        region: data.region,
        jobId: String(job.id),
        attempt: job.attemptsMade + 1,
      });
      return report.summary;
    }
    case JOB_NAMES.dailyPlan: {
      const plan = await runDailyPlan(options.dailyPlan, (job.data as DailyPlanJobData).day);
      return { runs: plan.length };
    }
    case JOB_NAMES.revert:
      try {
        await options.reverts.apply((job.data as RevertJobData).revertId);
      } catch (error) {
        if (!(error instanceof RevertBusyError)) throw error;
        // Held by another applier: back to delayed until its lease ends. Retries (a few seconds) would give up long
        // before a lease of minutes ends, and leave the revert without a job.
        options.logger.info({ revertId: (job.data as RevertJobData).revertId, until: error.until }, error.message);
        await job.moveToDelayed(Math.max(error.until.getTime(), Date.now()) + 1000, token);
        throw new DelayedError();
      }
      return { reverted: (job.data as RevertJobData).revertId };
    default:
      throw new UnrecoverableError(`unknown job name "${job.name}" (a newer simian enqueued it?)`);
  }
}

/** Starts a worker of the fleet queue: monkey runs, planned runs, the daily plan and reverts. */
export function startFleetWorker(options: FleetWorkerOptions): FleetWorker {
  const { fleet } = options.config;
  const active = new Map<string, { job: Job<FleetJobData>; token: string | undefined }>();
  const worker = new Worker<FleetJobData>(
    fleet.queue,
    async (job, token) => {
      const key = String(job.id);
      active.set(key, { job, token });
      try {
        return await processJob(options, job, token);
      } finally {
        active.delete(key);
      }
    },
    {
      connection: options.connection,
      prefix: options.config.redis.prefix,
      concurrency: options.concurrency ?? fleet.concurrency,
      lockDuration: fleet.lockDuration,
      stalledInterval: fleet.stalledInterval,
      maxStalledCount: fleet.maxStalledCount,
    },
  );
  worker.on('failed', (job, error) => {
    if (job) void recordJobFailure(job, error, options.events, options.logger);
  });
  worker.on('stalled', (jobId) => options.logger.warn({ jobId }, 'job stalled (its worker stopped); it runs again'));
  worker.on('error', (error) => options.logger.error({ err: error }, 'worker error'));

  const close = async (graceMs: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const graceful = worker.close().then(() => true);
    const expired = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    });
    const finished = await Promise.race([graceful, expired]);
    clearTimeout(timer);
    if (finished) return;
    options.logger.warn({ jobs: [...active.keys()] }, 'grace period over: releasing running jobs to the queue');
    // A second close() only returns the first (still waiting) one, so release the jobs and drop the connections.
    for (const { job, token } of active.values()) {
      await job.moveToWait(token).catch((error: unknown) => options.logger.warn({ err: error }, 'release failed'));
    }
    await worker.disconnect().catch(() => undefined);
  };
  return { worker, close };
}
