import type { JobSchedulerJson } from 'bullmq';
import type { GlobalConfig, ScheduleEntry } from '../config/schema.js';
import { dailyHookOf, type MonkeyLookup } from './daily-plan.js';
import type { FleetQueue } from './fleet-queue.js';
import { type DailyPlanJobData, type FleetJobData, JOB_NAMES } from './jobs.js';

/**
 * The id of the scheduler that plans each day's runs (YAML ids cannot contain '.', so it never collides).
 *
 * It was `simian.daily-chaos-plan` (LEGACY_DAILY_PLAN_SCHEDULER) when only Chaos planned its day. Renaming is safe:
 * a sync removes every scheduler the YAML does not ask for, and BullMQ removes a scheduler together with its next
 * delayed job, so the first sync after an upgrade leaves exactly one daily-plan scheduler in an existing Redis. Were
 * both to fire (old and new schedulers syncing in turn during a rolling upgrade), the second daily-plan job is a
 * no-op: it reads the day's stored plan back, and each planned run's job id is deterministic.
 */
export const DAILY_PLAN_SCHEDULER = 'simian.daily-plan';
/** Compat: the daily plan scheduler's id before any monkey could plan its day (removed by the first sync). */
export const LEGACY_DAILY_PLAN_SCHEDULER = 'simian.daily-chaos-plan';

/** One BullMQ Job Scheduler the fleet should have. */
export interface DesiredScheduler {
  readonly id: string;
  readonly repeat: { readonly pattern?: string; readonly every?: number; readonly tz?: string };
  readonly name: string;
  readonly data: FleetJobData;
}

export interface SyncResult {
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
}

/**
 * A monkey that declares a daily hook is planned per day, never run on a bare timer: each run day its runs get
 * random times in the calendar window. Such an entry's cron/every says when the day is planned; without one,
 * fleet.dailyPlanAt does.
 */
export function isDailyPlanEntry(entry: ScheduleEntry, monkeys: MonkeyLookup): boolean {
  return entry.enabled && dailyHookOf(monkeys, entry.monkey) !== undefined;
}

const dailyPlanData: DailyPlanJobData = {};

function isTimed(entry: ScheduleEntry): boolean {
  return Boolean(entry.cron) || entry.every !== undefined;
}

/** What the schedules and the calendar ask for: one scheduler per timed entry, plus the shared daily plan. */
export function desiredSchedulers(
  entries: readonly ScheduleEntry[],
  config: Pick<GlobalConfig, 'calendar' | 'fleet'>,
  monkeys: MonkeyLookup,
): DesiredScheduler[] {
  const daily = (entry: ScheduleEntry) => isDailyPlanEntry(entry, monkeys);
  const timed = entries
    .filter((entry) => entry.enabled && isTimed(entry))
    .map<DesiredScheduler>((entry) => ({
      id: entry.id,
      repeat: entry.cron
        ? { pattern: entry.cron, tz: entry.timezone ?? config.calendar.timezone }
        : { every: entry.every as number },
      name: daily(entry) ? JOB_NAMES.dailyPlan : JOB_NAMES.monkey,
      data: daily(entry) ? dailyPlanData : { scheduleId: entry.id, monkey: entry.monkey },
    }));
  if (!entries.some((entry) => daily(entry) && !isTimed(entry))) return timed;
  const [hour, minute] = config.fleet.dailyPlanAt.split(':').map(Number);
  return [
    ...timed,
    {
      id: DAILY_PLAN_SCHEDULER,
      repeat: { pattern: `${minute} ${hour} * * *`, tz: config.calendar.timezone },
      name: JOB_NAMES.dailyPlan,
      data: {},
    },
  ];
}

function sameScheduler(existing: JobSchedulerJson<FleetJobData>, desired: DesiredScheduler): boolean {
  return (
    existing.name === desired.name &&
    (existing.pattern ?? undefined) === desired.repeat.pattern &&
    (existing.every === undefined ? undefined : Number(existing.every)) === desired.repeat.every &&
    (existing.tz ?? undefined) === desired.repeat.tz &&
    JSON.stringify(existing.template?.data ?? {}) === JSON.stringify(desired.data)
  );
}

/**
 * Makes Redis hold exactly the desired schedulers: adds new ones, updates changed ones in place, removes those no
 * longer wanted. Upserts are idempotent by id, so several schedulers syncing the same YAML yield one schedule.
 */
export async function syncSchedulers(queue: FleetQueue, desired: readonly DesiredScheduler[]): Promise<SyncResult> {
  const existing = new Map((await queue.getJobSchedulers(0, -1)).map((scheduler) => [scheduler.key, scheduler]));
  const result: SyncResult = { added: [], updated: [], removed: [], unchanged: [] };
  for (const scheduler of desired) {
    const current = existing.get(scheduler.id);
    if (current && sameScheduler(current, scheduler)) {
      result.unchanged.push(scheduler.id);
      continue;
    }
    await queue.upsertJobScheduler(scheduler.id, scheduler.repeat, { name: scheduler.name, data: scheduler.data });
    (current ? result.updated : result.added).push(scheduler.id);
  }
  const wanted = new Set(desired.map((scheduler) => scheduler.id));
  for (const id of existing.keys()) {
    if (wanted.has(id)) continue;
    await queue.removeJobScheduler(id);
    result.removed.push(id);
  }
  return result;
}
