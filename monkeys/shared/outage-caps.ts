import type { Caps } from '../../core/config/schema.js';

/**
 * What a zone or region outage means: every opted-in instance there goes, so the per-run, per-group, per-day and
 * time-between-kills caps are lifted and the percent cap is 100. Caps written in simian.yaml or the schedule entry
 * still hold (a team may cap its outage), and the opt-in, kill switch and scaling-activity checks always do.
 */
export const ZONE_OUTAGE_CAPS: Caps = {
  maxPerRun: undefined,
  maxPerGroup: undefined,
  maxPercentPerGroup: 100,
  maxPerDayPerGroup: undefined,
  minHealthy: 0,
  minTimeBetweenKills: undefined,
};
