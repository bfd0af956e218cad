/**
 * How often Chaos kills in a group, and the pure function the fleet's daily plan calls for each group and run day.
 *
 * Two models, as the two Chaos Monkeys had them:
 *  - mean time between kills (chaosmonkey v2): a group expects 1/meanDays kills per run day;
 *  - probability and cap (SimianArmy): p = probability / runsPerDay per run, each run kills floor(p) and one more
 *    with probability frac(p); at most maxPerDay kills a day, and below 1 at most one kill per ceil(1/maxPerDay) days.
 */

export type KillRate =
  | { readonly model: 'mean-time-between-kills'; readonly meanDays: number }
  | {
      readonly model: 'probability';
      readonly probability: number;
      readonly maxPerDay: number;
      readonly runsPerDay: number;
    };

/** chaosmonkey v2's default: about one kill a week of run days. */
export const DEFAULT_MEAN_TIME_BETWEEN_KILLS_DAYS = 5;
/** SimianArmy's defaults: probability 1 a day, at most one kill a day. */
export const DEFAULT_MAX_PER_DAY = 1;
export const DEFAULT_RUNS_PER_DAY = 1;

/** The kill-rate fields as written in YAML or tags (already validated). */
export interface KillRateFields {
  readonly meanTimeBetweenKillsDays?: number | undefined;
  readonly probability?: number | undefined;
  readonly maxPerDay?: number | undefined;
  readonly runsPerDay?: number | undefined;
}

/** The model the fields describe: any of probability/maxPerDay picks SimianArmy's, else chaosmonkey v2's. */
export function killRateOf(fields: KillRateFields): KillRate {
  if (
    fields.meanTimeBetweenKillsDays === undefined &&
    (fields.probability !== undefined || fields.maxPerDay !== undefined)
  ) {
    return {
      model: 'probability',
      probability: fields.probability ?? 1,
      maxPerDay: fields.maxPerDay ?? DEFAULT_MAX_PER_DAY,
      runsPerDay: fields.runsPerDay ?? DEFAULT_RUNS_PER_DAY,
    };
  }
  return {
    model: 'mean-time-between-kills',
    meanDays: fields.meanTimeBetweenKillsDays ?? DEFAULT_MEAN_TIME_BETWEEN_KILLS_DAYS,
  };
}

/** floor(expected) kills, plus one more with probability frac(expected). */
function drawKills(expected: number, random: () => number): number {
  const whole = Math.floor(expected);
  return whole + (random() < expected - whole ? 1 : 0);
}

/** Days that must pass between two kills under a cap below one a day (maxPerDay 0.25 → one kill per 4 days). */
export function daysBetweenKills(rate: KillRate): number {
  return rate.model === 'probability' && rate.maxPerDay < 1 ? Math.ceil(1 / rate.maxPerDay) : 1;
}

/**
 * One run day of one group: its index (days since any fixed origin) and the index of its last kill, if known.
 * Without the last kill, a cap below one a day allows kills only on the group's own slot days, one in every
 * ceil(1/maxPerDay) days, offset by `phase` (so groups do not all share the same days): stateless and just as strict.
 */
export interface KillDay {
  readonly index: number;
  readonly lastKillIndex?: number | undefined;
  readonly phase?: number | undefined;
}

/** How many kills a group gets on one run day. Pure: the same rate, random sequence and day give the same answer. */
export function killsForDay(rate: KillRate, random: () => number, day: KillDay): number {
  if (rate.model === 'mean-time-between-kills') return drawKills(1 / rate.meanDays, random);
  const perRun = rate.probability / rate.runsPerDay;
  let kills = 0;
  for (let run = 0; run < rate.runsPerDay; run++) kills += drawKills(perRun, random);
  if (rate.maxPerDay >= 1) return Math.min(kills, Math.floor(rate.maxPerDay));
  const gap = daysBetweenKills(rate);
  if (day.lastKillIndex !== undefined) {
    if (day.index - day.lastKillIndex < gap) return 0;
  } else if ((((day.index - (day.phase ?? 0)) % gap) + gap) % gap !== 0) {
    return 0;
  }
  return Math.min(kills, 1);
}

/** Kills per day over `days` consecutive run days, remembering the last kill (simulations, docs, tests). */
export function simulateKills(rate: KillRate, random: () => number, days: number): number[] {
  const kills: number[] = [];
  let lastKillIndex: number | undefined;
  for (let index = 0; index < days; index++) {
    const today = killsForDay(rate, random, { index, lastKillIndex });
    if (today > 0) lastKillIndex = index;
    kills.push(today);
  }
  return kills;
}
