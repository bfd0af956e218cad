import type { MonkeyName } from '../config/schema.js';

/** The job names of the fleet queue: one queue, one worker type, dispatch by name. */
export const JOB_NAMES = {
  /** A scheduled monkey run (from a schedules/*.yaml entry with cron/every). */
  monkey: 'monkey',
  /** One run of a monkey that plans its day, aimed at one group, at its random time of the day. */
  plannedRun: 'planned-run',
  /** Computes (once) and enqueues the day's planned runs of every monkey that plans its day. */
  dailyPlan: 'daily-plan',
  /** Undoes a reversible fault at its deadline. */
  revert: 'revert',
} as const;
export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/**
 * Compat: names an older simian enqueued that the worker still runs. Nothing enqueues them any more.
 * `chaos-kill` was the planned run when only Chaos planned its day; its data is a `PlannedRunJobData` with
 * `monkey: 'chaos'`. Delayed ones may sit in a queue for the rest of their day; drop this after a release or two.
 */
export const LEGACY_JOB_NAMES = {
  plannedRun: 'chaos-kill',
} as const;

export interface MonkeyJobData {
  readonly scheduleId: string;
  readonly monkey: MonkeyName;
}

export interface PlannedRunJobData {
  readonly scheduleId: string;
  readonly monkey: MonkeyName;
  readonly group: string;
  readonly account: string;
  readonly region: string;
  /** The run day (YYYY-MM-DD, calendar time zone) and the run's slot in that day for the group. */
  readonly day: string;
  readonly slot: number;
  /** ISO time the run was planned for. */
  readonly at: string;
}

export interface DailyPlanJobData {
  /** Absent: the day of the moment the job runs (calendar time zone). */
  readonly day?: string;
}

export interface RevertJobData {
  readonly revertId: string;
  readonly dueAt: string;
}

export type FleetJobData = MonkeyJobData | PlannedRunJobData | DailyPlanJobData | RevertJobData;
