import { DateTime } from 'luxon';
import type { RedisClient } from '../redis/connection.js';
import type { DailyCandidate, DayWindow, MonkeyLookup, PlannedRun } from './daily-plan.js';
import { planDay } from './daily-plan.js';
import type { FleetQueue } from './fleet-queue.js';
import { compactDay, jobId } from './job-id.js';
import { JOB_NAMES } from './jobs.js';
import { storePlanOnce } from './plan-store.js';

/** What the daily plan needs from the rest of simian. */
export interface DailyPlanDeps {
  readonly queue: FleetQueue;
  readonly redis: RedisClient;
  /** Redis key prefix (config redis.prefix). */
  readonly prefix: string;
  readonly timezone: string;
  readonly now: () => Date;
  readonly random: () => number;
  /** The monkeys by name: each candidate's count comes from its monkey's daily hook. */
  readonly monkeys: MonkeyLookup;
  /** The day's window from the calendar; null on a day that is not a run day. */
  readonly window: (day: string) => DayWindow | null;
  /** Groups enrolled today under the entries of monkeys that plan their day. */
  readonly candidates: (day: string) => Promise<readonly DailyCandidate[]>;
}

/** The calendar day (YYYY-MM-DD) of a moment, in the calendar's time zone. */
export function dayOf(moment: Date, timezone: string): string {
  return DateTime.fromJSDate(moment).setZone(timezone).toISODate() as string;
}

/**
 * Plans the day once (the first plan stored wins) and enqueues every planned run as a delayed job with its
 * deterministic id, so running this twice, from two schedulers or after a restart, enqueues each run once. A planned
 * run runs the whole pipeline for its group when it fires, so every guard is checked again at that moment.
 */
export async function runDailyPlan(deps: DailyPlanDeps, day?: string): Promise<PlannedRun[]> {
  const now = deps.now();
  const planDayOf = day ?? dayOf(now, deps.timezone);
  const window = deps.window(planDayOf);
  const candidates = window ? await deps.candidates(planDayOf) : [];
  const proposal = planDay({ day: planDayOf, now, window, candidates, monkeys: deps.monkeys, random: deps.random });
  const plan = await storePlanOnce(deps.redis, deps.prefix, planDayOf, proposal, now);
  await enqueuePlannedRuns(deps.queue, plan, deps.now());
  return plan;
}

/** Adds each planned run as a delayed job; an id already present (queued, running or done) is left alone. */
export async function enqueuePlannedRuns(queue: FleetQueue, runs: readonly PlannedRun[], now: Date): Promise<void> {
  if (runs.length === 0) return;
  await queue.addBulk(
    runs.map(({ id, ...data }) => ({
      name: JOB_NAMES.plannedRun,
      data,
      opts: { jobId: id, delay: Math.max(0, Date.parse(data.at) - now.getTime()) },
    })),
  );
}

/**
 * Asks for today's plan right away when the planning hour has passed (a scheduler started late, or down at that
 * hour). The job id is per day, so several schedulers starting at once add one job.
 */
export async function catchUpDailyPlan(
  queue: FleetQueue,
  options: { now: Date; timezone: string; dailyPlanAt: string },
): Promise<boolean> {
  const local = DateTime.fromJSDate(options.now).setZone(options.timezone);
  const [hour, minute] = options.dailyPlanAt.split(':').map(Number);
  if (local.hour * 60 + local.minute < (hour as number) * 60 + (minute as number)) return false;
  const day = local.toISODate() as string;
  await queue.add(JOB_NAMES.dailyPlan, { day }, { jobId: jobId('daily-plan', compactDay(day)) });
  return true;
}
