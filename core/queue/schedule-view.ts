import { formatDuration } from '../config/duration.js';
import type { RedisClient } from '../redis/connection.js';
import type { PlannedRun } from './daily-plan.js';
import type { FleetQueue } from './fleet-queue.js';
import { readPlan } from './plan-store.js';

export interface ScheduleView {
  readonly day: string;
  /** False until the day's plan is made (at fleet.dailyPlanAt on run days). */
  readonly planned: boolean;
  /** Every planned run of the day, of every monkey that plans its day, by time. */
  readonly runs: readonly PlannedRun[];
  readonly schedulers: readonly {
    id: string;
    job: string;
    monkey: string | null;
    pattern: string | null;
    every: number | null;
    tz: string | null;
    next: string | null;
  }[];
}

/** What `simian schedule` shows: the day's stored plan and every job scheduler with its next run. */
export async function readScheduleView(
  redis: RedisClient,
  queue: FleetQueue,
  prefix: string,
  day: string,
): Promise<ScheduleView> {
  const plan = await readPlan(redis, prefix, day);
  const schedulers = await queue.getJobSchedulers(0, -1, true);
  return {
    day,
    planned: plan !== null,
    runs: plan ?? [],
    schedulers: schedulers.map((scheduler) => ({
      id: scheduler.key,
      job: scheduler.name,
      monkey: ((scheduler.template?.data as { monkey?: string } | undefined)?.monkey ?? null) as string | null,
      pattern: scheduler.pattern ?? null,
      every: scheduler.every === undefined || scheduler.every === null ? null : Number(scheduler.every),
      tz: scheduler.tz ?? null,
      next: scheduler.next ? new Date(Number(scheduler.next)).toISOString() : null,
    })),
  };
}

/** The view as lines a person reads. */
export function formatScheduleView(view: ScheduleView, timezone: string): string {
  const lines = [`Daily plan for ${view.day} (${timezone}):`];
  if (!view.planned) lines.push('  not planned yet (the plan is made at the planning hour of each run day)');
  else if (view.runs.length === 0) lines.push('  no planned runs today');
  for (const run of view.runs) {
    lines.push(
      `  ${run.at}  ${run.monkey.padEnd(10)} ${run.group.padEnd(30)} ${run.region}  ${run.account}  (${run.id})`,
    );
  }
  lines.push('', 'Schedulers:');
  if (view.schedulers.length === 0) lines.push('  none (is a scheduler running?)');
  for (const scheduler of view.schedulers) {
    const when = scheduler.pattern
      ? `cron "${scheduler.pattern}" ${scheduler.tz ?? ''}`
      : `every ${formatDuration(scheduler.every ?? 0)}`;
    lines.push(
      `  ${scheduler.id.padEnd(28)} ${(scheduler.monkey ?? scheduler.job).padEnd(10)} ${when}  next ${scheduler.next ?? '-'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
