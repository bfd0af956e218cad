import type { JobSchedulerJson } from 'bullmq';
import type { GlobalConfig, ScheduleEntry } from '../config/schema.js';
import type { FleetQueue } from './fleet-queue.js';
import { type DailyPlanJobData, type FleetJobData, JOB_NAMES } from './jobs.js';

/** The id of the scheduler that plans each day's chaos kills (YAML ids cannot contain '.', so it never collides). */
export const DAILY_PLAN_SCHEDULER = 'simian.daily-chaos-plan';

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
 * Chaos is planned per day, never run on a bare timer: each run day its kills get random times in the calendar
 * window. A chaos entry's cron/every says when the day is planned; without one, fleet.dailyPlanAt does.
 */
export function isDailyPlanEntry(entry: ScheduleEntry): boolean {
  return entry.enabled && entry.monkey === 'chaos';
}

const dailyPlanData: DailyPlanJobData = {};

function isTimed(entry: ScheduleEntry): boolean {
  return Boolean(entry.cron) || entry.every !== undefined;
}

/** What the schedules and the calendar ask for: one scheduler per timed entry, plus the shared daily plan. */
export function desiredSchedulers(
  entries: readonly ScheduleEntry[],
  config: Pick<GlobalConfig, 'calendar' | 'fleet'>,
): DesiredScheduler[] {
  const timed = entries
    .filter((entry) => entry.enabled && isTimed(entry))
    .map<DesiredScheduler>((entry) => ({
      id: entry.id,
      repeat: entry.cron
        ? { pattern: entry.cron, tz: entry.timezone ?? config.calendar.timezone }
        : { every: entry.every as number },
      name: isDailyPlanEntry(entry) ? JOB_NAMES.dailyPlan : JOB_NAMES.monkey,
      data: isDailyPlanEntry(entry) ? dailyPlanData : { scheduleId: entry.id, monkey: entry.monkey },
    }));
  if (!entries.some((entry) => isDailyPlanEntry(entry) && !isTimed(entry))) return timed;
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
