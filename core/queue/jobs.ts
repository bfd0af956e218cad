import type { MonkeyName } from '../config/schema.js';

/** The job names of the fleet queue: one queue, one worker type, dispatch by name. */
export const JOB_NAMES = {
  /** A scheduled monkey run (from a schedules/*.yaml entry with cron/every). */
  monkey: 'monkey',
  /** One planned chaos kill for one group, at its random time of the day. */
  chaosKill: 'chaos-kill',
  /** Computes (once) and enqueues the day's chaos kills. */
  dailyPlan: 'daily-plan',
  /** Undoes a reversible fault at its deadline. */
  revert: 'revert',
} as const;
export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

export interface MonkeyJobData {
  readonly scheduleId: string;
  readonly monkey: MonkeyName;
}

export interface ChaosKillJobData {
  readonly scheduleId: string;
  readonly monkey: 'chaos';
  readonly group: string;
  readonly account: string;
  readonly region: string;
  /** The run day (YYYY-MM-DD, calendar time zone) and the kill's slot in that day for the group. */
  readonly day: string;
  readonly slot: number;
  /** ISO time the kill was planned for. */
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

export type FleetJobData = MonkeyJobData | ChaosKillJobData | DailyPlanJobData | RevertJobData;
