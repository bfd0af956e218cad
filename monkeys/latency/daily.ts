import type { DailyHook } from '../../core/queue/daily-plan.js';
import { killsForDay } from '../chaos/kill-rate.js';
import { latencyParams } from './params.js';

/**
 * Latency plans its day as Chaos does (the fleet's generic daily plan): each enrolled group gets on average
 * 1/meanDaysBetweenRuns episodes per run day, each a run aimed at the group at a random time in the calendar
 * window. Params that do not validate mean no episode (fail closed); config loading reports them long before.
 */
export const latencyDaily: DailyHook = {
  count(params, random) {
    const parsed = latencyParams.safeParse(params);
    if (!parsed.success) return 0;
    const rate = { model: 'mean-time-between-kills', meanDays: parsed.data.meanDaysBetweenRuns } as const;
    return killsForDay(rate, random, { index: 0 });
  },
  aim: (group) => ({ group }),
};
