import { DateTime } from 'luxon';
import { EVENT_TYPES, type SimianEvent } from '../../events/event.js';
import { dayOf } from '../../queue/daily-plan-job.js';
import { readScheduleView, type ScheduleView } from '../../queue/schedule-view.js';
import { runWindow } from '../../safety/calendar.js';
import type { DashboardContext } from './deps.js';

/** A planned run of the day with what became of its job so far. */
export type TodayRun = ScheduleView['runs'][number] & {
  /** The job's state in the queue (delayed = still to come); `missing` when the queue no longer has it. */
  readonly state: string;
};

/** What each monkey did today, counted from the timeline. */
export interface MonkeyDay {
  readonly monkey: string;
  readonly planned: number;
  readonly actions: number;
  readonly armed: number;
  readonly dryRun: number;
  readonly failures: number;
  readonly skips: number;
  readonly refusals: number;
  readonly findings: number;
}

/** A schedule entry as configured (schedules/*.yaml); its next run is its job scheduler's, when one runs. */
export interface TodaySchedule {
  readonly id: string;
  readonly monkey: string;
  readonly enabled: boolean;
  readonly armed: boolean;
  readonly cron: string | null;
  readonly every: number | null;
  readonly timezone: string | null;
  readonly file: string | null;
}

/** `GET /api/v1/dashboard/today`. */
export interface TodayView {
  readonly day: string;
  readonly timezone: string;
  readonly now: string;
  /** The calendar's window today; null on a day that is not a run day. */
  readonly window: { readonly start: string; readonly end: string } | null;
  readonly armed: boolean;
  readonly planned: boolean;
  readonly runs: readonly TodayRun[];
  readonly schedules: readonly TodaySchedule[];
  readonly schedulers: ScheduleView['schedulers'];
  readonly monkeys: readonly MonkeyDay[];
  /** Today's events, newest first (at most RECENT). */
  readonly recent: readonly SimianEvent[];
}

const RECENT = 50;
const DAY_EVENTS = 5000;

function countDay(events: readonly SimianEvent[]): MonkeyDay[] {
  const days = new Map<string, { -readonly [K in keyof MonkeyDay]: MonkeyDay[K] }>();
  for (const event of events) {
    // Fleet-wide events (the kill switch, alerts, the daily plan) belong to no monkey: no card of their own.
    const monkey = event.monkey;
    if (!monkey) continue;
    let day = days.get(monkey);
    if (!day) {
      day = { monkey, planned: 0, actions: 0, armed: 0, dryRun: 0, failures: 0, skips: 0, refusals: 0, findings: 0 };
      days.set(monkey, day);
    }
    if (event.type === EVENT_TYPES.plan) day.planned += 1;
    else if (event.type === EVENT_TYPES.action) {
      day.actions += 1;
      if (event.dryRun) day.dryRun += 1;
      else day.armed += 1;
    } else if (event.type === EVENT_TYPES.failure) day.failures += 1;
    else if (event.type === EVENT_TYPES.skip) day.skips += 1;
    else if (event.type === EVENT_TYPES.refused) day.refusals += 1;
    else if (event.type === EVENT_TYPES.finding) day.findings += 1;
  }
  const happened = (day: MonkeyDay) =>
    day.planned + day.actions + day.failures + day.skips + day.refusals + day.findings > 0;
  return [...days.values()].filter(happened).sort((a, b) => a.monkey.localeCompare(b.monkey));
}

/** Today in the calendar's time zone: the stored daily plan (with each run's job state), the schedulers, the events. */
export async function todayView(context: DashboardContext): Promise<TodayView> {
  const config = context.config();
  const { global } = config;
  const now = context.clock.now();
  const timezone = global.calendar.timezone;
  const day = dayOf(now, timezone);
  const since = DateTime.fromISO(day, { zone: timezone }).startOf('day').toJSDate();
  const [schedule, events] = await Promise.all([
    readScheduleView(context.redis, context.queue, global.redis.prefix, day),
    context.events.query({ since, limit: DAY_EVENTS }),
  ]);
  const runs = await Promise.all(
    schedule.runs.map(async (run) => {
      const job = await context.queue.getJob(run.id);
      return { ...run, state: job ? await job.getState() : 'missing' };
    }),
  );
  const window = runWindow(now, global.calendar);
  return {
    day,
    timezone,
    now: now.toISOString(),
    window: window ? { start: window.start.toISOString(), end: window.end.toISOString() } : null,
    armed: global.armed,
    planned: schedule.planned,
    runs,
    schedules: config.schedules.map((entry) => ({
      id: entry.id,
      monkey: entry.monkey,
      enabled: entry.enabled,
      armed: entry.armed,
      cron: entry.cron ?? null,
      every: entry.every ?? null,
      timezone: entry.timezone ?? null,
      file: entry.file ?? null,
    })),
    schedulers: schedule.schedulers,
    monkeys: countDay(events),
    recent: events.slice(-RECENT).reverse(),
  };
}
