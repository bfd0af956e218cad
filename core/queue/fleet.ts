import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load.js';
import type { EventSink } from '../events/event.js';
import type { Lifecycle } from '../lifecycle/shutdown.js';
import type { RedisClient } from '../redis/connection.js';
import { closeRedis, openRedis } from '../redis/connection.js';
import type { DailyCandidate, DayWindow, MonkeyLookup } from './daily-plan.js';
import { type FleetQueue, openFleetQueue } from './fleet-queue.js';
import { type RevertSource, reconcileReverts } from './revert-jobs.js';
import { startRevertSweep } from './revert-sweep.js';
import type { FleetRunner } from './run-job.js';
import { type FleetScheduler, startScheduler } from './scheduler.js';
import { type FleetWorker, startFleetWorker } from './worker.js';

/** The daily plan's inputs that come from the calendar and the inventory (the counts come from the monkeys). */
export interface DailyPlanning {
  readonly window: (day: string, config: LoadedConfig) => DayWindow | null;
  readonly candidates: (day: string, config: LoadedConfig) => Promise<readonly DailyCandidate[]>;
}

/** Everything a fleet process is built from; the CLI commands and the tests assemble it. */
export interface FleetParts {
  readonly roles: { readonly scheduler: boolean; readonly worker: boolean };
  /** Loads config and schedules; called at start and on every scheduler reload. */
  readonly load: () => LoadedConfig;
  /** Files and directories whose changes reload the schedules. */
  readonly watch?: readonly string[];
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly now: () => Date;
  readonly random: () => number;
  readonly events: EventSink;
  readonly run: FleetRunner;
  readonly reverts: RevertSource;
  /** The monkeys by name (the registry, from the entry point): which ones plan their day, and how. */
  readonly monkeys: MonkeyLookup;
  readonly daily: DailyPlanning;
  readonly concurrency?: number;
  /** Defaults to a connection to config redis (url, cluster or sentinels). */
  readonly connection?: RedisClient;
  /** Defaults to the fleet queue on that connection. */
  readonly queue?: FleetQueue;
}

export interface Fleet {
  readonly queue: FleetQueue;
  readonly connection: RedisClient;
  readonly scheduler?: FleetScheduler;
  readonly worker?: FleetWorker;
  /** The config as last loaded (reloads replace it). */
  config(): LoadedConfig;
}

/**
 * Starts the scheduler and/or worker of one process and registers each with the lifecycle, so shutdown releases
 * them in reverse: worker (grace period), scheduler, queue, Redis.
 */
export async function startFleet(parts: FleetParts): Promise<Fleet> {
  let current = parts.load();
  const { global } = current;
  const connection = parts.connection ?? openRedis(global.redis, 'simian-fleet', parts.logger);
  parts.lifecycle.add('redis', () => closeRedis(connection));
  const queue = parts.queue ?? openFleetQueue(global, connection);
  parts.lifecycle.add('queue', () => queue.close());

  let scheduler: FleetScheduler | undefined;
  if (parts.roles.scheduler) {
    scheduler = await startScheduler({
      queue,
      logger: parts.logger,
      monkeys: parts.monkeys,
      now: parts.now,
      watch: parts.watch,
      load: async () => {
        current = parts.load();
        return { global: current.global, entries: current.schedules };
      },
    });
    parts.lifecycle.add('scheduler', () => (scheduler as FleetScheduler).close());
  }

  let worker: FleetWorker | undefined;
  if (parts.roles.worker) {
    worker = startFleetWorker({
      config: global,
      connection,
      logger: parts.logger,
      events: parts.events,
      run: parts.run,
      reverts: parts.reverts,
      concurrency: parts.concurrency,
      dailyPlan: {
        queue,
        redis: connection,
        prefix: global.redis.prefix,
        timezone: global.calendar.timezone,
        now: parts.now,
        random: parts.random,
        monkeys: parts.monkeys,
        window: (day) => parts.daily.window(day, current),
        candidates: (day) => parts.daily.candidates(day, current),
      },
    });
    parts.lifecycle.add('worker', () => (worker as FleetWorker).close(global.fleet.shutdownGrace));
    if (!scheduler) {
      // A worker alone reloads on SIGHUP too, so a changed entry (armed, params) applies to its next job.
      const onHangup = () => {
        try {
          current = parts.load();
          parts.logger.info('config reloaded');
        } catch (error) {
          parts.logger.error({ error: String(error) }, 'config not reloaded: the previous one stays in force');
        }
      };
      process.on('SIGHUP', onHangup);
      parts.lifecycle.add('sighup', async () => void process.off('SIGHUP', onHangup));
    }
    const sweep = startRevertSweep({
      reverts: parts.reverts,
      now: parts.now,
      everyMs: global.fleet.revertSweep,
      logger: parts.logger,
    });
    // Stopped before the worker closes (the lifecycle releases in reverse).
    parts.lifecycle.add('revert-sweep', () => sweep.stop());
    const reconciled = await reconcileReverts(queue, parts.reverts, parts.now());
    parts.logger.info({ pendingReverts: reconciled }, 'worker started');
  }
  return { queue, connection, scheduler, worker, config: () => current };
}
