import type { Logger } from 'pino';
import type { GlobalConfig, ScheduleEntry } from '../config/schema.js';
import { watchConfigFiles } from './config-watch.js';
import type { MonkeyLookup } from './daily-plan.js';
import { catchUpDailyPlan } from './daily-plan-job.js';
import type { FleetQueue } from './fleet-queue.js';
import { desiredSchedulers, isDailyPlanEntry, type SyncResult, syncSchedulers } from './schedulers.js';

/** What the scheduler reads on start and on every reload. */
export interface ScheduleSource {
  readonly global: Pick<GlobalConfig, 'calendar' | 'fleet'>;
  readonly entries: readonly ScheduleEntry[];
}

export interface SchedulerOptions {
  readonly queue: FleetQueue;
  readonly logger: Logger;
  /** The monkeys by name: entries of a monkey that plans its day join the daily plan. */
  readonly monkeys: MonkeyLookup;
  /** Loads config and schedules; throws on a bad file (the previous schedules then stay). */
  readonly load: () => Promise<ScheduleSource>;
  readonly now: () => Date;
  /** Files whose changes trigger a reload, and directories whose *.yaml files do (config file, schedules dir). */
  readonly watch?: readonly string[];
  readonly debounceMs?: number;
}

export interface FleetScheduler {
  /** Reloads the YAML and syncs; a bad file keeps the previous schedules and is logged. Resolves to the sync. */
  reload(reason: string): Promise<SyncResult | undefined>;
  close(): Promise<void>;
}

/**
 * Keeps the BullMQ Job Schedulers equal to the YAML: on start, on SIGHUP and when a watched file changes
 * (debounced), without a restart. Several schedulers may run: upserts by stable id make one schedule.
 */
export async function startScheduler(options: SchedulerOptions): Promise<FleetScheduler> {
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  const syncOnce = async (reason: string): Promise<SyncResult | undefined> => {
    let source: ScheduleSource;
    try {
      source = await options.load();
    } catch (error) {
      options.logger.error(
        { reason, error: error instanceof Error ? error.message : String(error) },
        'schedules not reloaded: the previous schedules stay in force',
      );
      return undefined;
    }
    const result = await syncSchedulers(
      options.queue,
      desiredSchedulers(source.entries, source.global, options.monkeys),
    );
    if (source.entries.some((entry) => isDailyPlanEntry(entry, options.monkeys))) {
      await catchUpDailyPlan(options.queue, {
        now: options.now(),
        timezone: source.global.calendar.timezone,
        dailyPlanAt: source.global.fleet.dailyPlanAt,
      });
    }
    options.logger.info({ reason, ...result }, 'schedules synced');
    return result;
  };
  // Reloads never overlap: each waits for the one before.
  const reload = (reason: string): Promise<SyncResult | undefined> => {
    const next = chain.then(() => (closed ? undefined : syncOnce(reason)));
    chain = next.catch(() => undefined);
    return next;
  };

  const initial = await reload('start');
  if (!initial) throw new Error('the schedules could not be loaded; see the error above');

  const onHangup = () => void reload('SIGHUP').catch((error) => options.logger.error({ err: error }, 'reload'));
  process.on('SIGHUP', onHangup);

  const watcher = watchConfigFiles(
    options.watch ?? [],
    (reason) => void reload(reason).catch((error) => options.logger.error({ err: error }, 'reload')),
    { debounceMs: options.debounceMs, logger: options.logger },
  );

  return {
    reload,
    close: async () => {
      closed = true;
      process.off('SIGHUP', onHangup);
      watcher.close();
      await chain;
    },
  };
}
