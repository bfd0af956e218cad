import type { MonkeyIdentity, MonkeyName } from '../plan/monkey-kind.js';
import { compactDay, jobId } from './job-id.js';
import type { PlannedRunJobData } from './jobs.js';

/** A group enrolled today for one monkey that plans its day, with the schedule entry (and its params) that did it. */
export interface DailyCandidate {
  readonly scheduleId: string;
  readonly monkey: MonkeyName;
  readonly group: string;
  readonly account: string;
  readonly region: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Tags of the group's ASGs (per-group overrides the monkey's count may read). */
  readonly tags?: readonly Readonly<Record<string, string>>[];
}

/**
 * What a monkey declares (as `Monkey.daily`) to be planned per day, chaosmonkey v2's model: each run day the fleet
 * asks how many times to act on each enrolled group, and runs the monkey aimed at that group at random times inside
 * the calendar window. Such a monkey is never run on a bare timer.
 */
export interface DailyHook {
  /**
   * How many times to act on one group today (0 for none). Pure: the same params, random sequence, candidate and day
   * give the same answer. It may read the group's tags for per-group overrides; bad params mean 0 (fail closed).
   */
  count(
    params: Readonly<Record<string, unknown>>,
    random: () => number,
    candidate: DailyCandidate,
    /** The run day (YYYY-MM-DD, calendar time zone) being planned. */
    day: string,
  ): number;
  /** The run params that aim one planned run at its group, over the entry's own params (e.g. `{ group }`). */
  aim(group: string): Record<string, unknown>;
}

/** What the fleet needs to know of a monkey: who it is (opt-in) and whether it plans its day. */
export interface FleetMonkey extends MonkeyIdentity {
  readonly daily?: DailyHook | undefined;
}

/**
 * Finds a monkey by name; undefined for a name the registry does not know. Injected by the fleet process entry
 * point (core/queue names no monkey and reads no registry of its own).
 */
export type MonkeyLookup = (name: string) => FleetMonkey | undefined;

/** The daily hook of a monkey, if the lookup knows it and it plans its day. */
export function dailyHookOf(monkeys: MonkeyLookup, name: string): DailyHook | undefined {
  return monkeys(name)?.daily;
}

/** The part of a run day in which planned runs may happen; null when the day is not a run day. */
export interface DayWindow {
  readonly start: Date;
  readonly end: Date;
}

export interface PlannedRun extends PlannedRunJobData {
  /** The deterministic job id `<monkey>-<group>-<yyyymmdd>-<slot>` (chaos: `chaos-web-20261126-0`, as before). */
  readonly id: string;
}

export interface DayPlanInput {
  readonly day: string;
  readonly now: Date;
  readonly window: DayWindow | null;
  readonly candidates: readonly DailyCandidate[];
  readonly monkeys: MonkeyLookup;
  readonly random: () => number;
}

/**
 * Decides the day's runs: per candidate, its monkey's count, each at a uniformly random time inside what is left of
 * the day's window (a plan made late, e.g. by a scheduler started at noon, never schedules into the past). A
 * candidate whose monkey no longer plans its day (or is unknown) gets no run.
 */
export function planDay(input: DayPlanInput): PlannedRun[] {
  const { window, now } = input;
  if (!window) return [];
  const from = Math.max(window.start.getTime(), now.getTime());
  const to = window.end.getTime();
  if (from >= to) return [];
  const runs: PlannedRun[] = [];
  for (const candidate of input.candidates) {
    const hook = dailyHookOf(input.monkeys, candidate.monkey);
    if (!hook) continue;
    const count = Math.max(0, Math.floor(hook.count(candidate.params, input.random, candidate, input.day)));
    for (let slot = 0; slot < count; slot += 1) {
      const at = new Date(from + Math.floor(input.random() * (to - from)));
      runs.push({
        id: jobId(candidate.monkey, candidate.group, compactDay(input.day), slot),
        scheduleId: candidate.scheduleId,
        monkey: candidate.monkey,
        group: candidate.group,
        account: candidate.account,
        region: candidate.region,
        day: input.day,
        slot,
        at: at.toISOString(),
      });
    }
  }
  return runs.sort((a, b) => a.at.localeCompare(b.at));
}
