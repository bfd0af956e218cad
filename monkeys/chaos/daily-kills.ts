import type { Tags } from '../../core/fleet/model.js';
import type { DailyHook } from '../../core/queue/daily-plan.js';
import { resolveGroupSettings } from './group-settings.js';
import { type KillDay, killsForDay } from './kill-rate.js';
import { chaosParams } from './params.js';

/** What the daily planner may know of a group beyond its schedule params. */
export interface KillContext {
  /** The group (or app/stack/cluster) name: picks its `groups:` entry in the params. */
  readonly group?: string;
  /** Tags of the group's ASGs: `simian:chaos:mtbk-days` and friends override the rate. */
  readonly tags?: readonly Tags[];
  /** Today's index and the index of the group's last kill, when the caller keeps them. */
  readonly day?: KillDay;
  /** Today as YYYY-MM-DD: enough for a cap below one a day (the group's own slot days), when `day` is not given. */
  readonly date?: string;
}

const DAY_MS = 86_400_000;

/** A small stable hash of the group name: each group gets its own slot days under a cap below one a day. */
function phaseOf(group: string): number {
  let hash = 0;
  for (const char of group) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash;
}

function dayOf(context: KillContext): KillDay {
  if (context.day) return context.day;
  const at = context.date === undefined ? Number.NaN : Date.parse(`${context.date}T00:00:00Z`);
  if (Number.isNaN(at)) return { index: 0 };
  return { index: Math.floor(at / DAY_MS), phase: phaseOf(context.group ?? '') };
}

/**
 * The fleet's daily plan calls this for each enrolled group and run day: how many kills today, from a schedule
 * entry's chaos params (validated here), the group's overrides and its tags. Invalid params or an unreadable tag
 * mean no kill (fail closed); config loading reports bad params long before.
 */
export function chaosKillsToday(
  params: Readonly<Record<string, unknown>>,
  random: () => number,
  context: KillContext = {},
): number {
  const parsed = chaosParams.safeParse(params);
  if (!parsed.success) return 0;
  const resolved = resolveGroupSettings(parsed.data, context.group ?? '', context.tags ?? []);
  if (!resolved.ok) return 0;
  return killsForDay(resolved.settings.killRate, random, dayOf(context));
}

/**
 * Chaos plans its day: each enrolled group gets `chaosKillsToday` kills (the plan's day, in the calendar's time
 * zone, picks the group's own slot days under a cap below one a day), each one a run aimed at the group.
 */
export const chaosDaily: DailyHook = {
  count: (params, random, candidate, day) =>
    chaosKillsToday(params, random, { group: candidate.group, tags: candidate.tags ?? [], date: day }),
  aim: (group) => ({ group }),
};
