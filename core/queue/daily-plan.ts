import { compactDay, jobId } from './job-id.js';
import type { ChaosKillJobData } from './jobs.js';

/** A group eligible for chaos today, with the schedule entry (and its kill-rate parameters) that enrolled it. */
export interface ChaosCandidate {
  readonly scheduleId: string;
  readonly group: string;
  readonly account: string;
  readonly region: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Tags of the group's ASGs (per-group kill-rate overrides). */
  readonly tags?: readonly Readonly<Record<string, string>>[];
}

/**
 * How many times to kill in one group today: chaosmonkey v2's `meanTimeBetweenKillsDays` or SimianArmy's
 * `probability`/`maxPerDay`. The model itself lives with the chaos monkey; the planner only calls it.
 */
export type KillModel = (
  params: Readonly<Record<string, unknown>>,
  random: () => number,
  candidate: ChaosCandidate,
  /** The run day (YYYY-MM-DD) being planned. */
  day: string,
) => number;

/** The part of a run day in which kills may happen; null when the day is not a run day. */
export interface DayWindow {
  readonly start: Date;
  readonly end: Date;
}

export interface PlannedKill extends ChaosKillJobData {
  /** The deterministic job id `chaos-<group>-<yyyymmdd>-<slot>`. */
  readonly id: string;
}

export interface DayPlanInput {
  readonly day: string;
  readonly now: Date;
  readonly window: DayWindow | null;
  readonly candidates: readonly ChaosCandidate[];
  readonly model: KillModel;
  readonly random: () => number;
}

/**
 * Decides the day's kills: per group, the model's count, each at a uniformly random time inside what is left of
 * the day's window (a plan made late, e.g. by a scheduler started at noon, never schedules into the past).
 */
export function planDay(input: DayPlanInput): PlannedKill[] {
  const { window, now } = input;
  if (!window) return [];
  const from = Math.max(window.start.getTime(), now.getTime());
  const to = window.end.getTime();
  if (from >= to) return [];
  const kills: PlannedKill[] = [];
  for (const candidate of input.candidates) {
    const count = Math.max(0, Math.floor(input.model(candidate.params, input.random, candidate, input.day)));
    for (let slot = 0; slot < count; slot += 1) {
      const at = new Date(from + Math.floor(input.random() * (to - from)));
      kills.push({
        id: jobId('chaos', candidate.group, compactDay(input.day), slot),
        scheduleId: candidate.scheduleId,
        monkey: 'chaos',
        group: candidate.group,
        account: candidate.account,
        region: candidate.region,
        day: input.day,
        slot,
        at: at.toISOString(),
      });
    }
  }
  return kills.sort((a, b) => a.at.localeCompare(b.at));
}
