import { z } from 'zod';
import type { Severity } from '../../core/plan/finding.js';

/** A threshold as written in YAML: `"80%"` (of the limit) or a count such as `40` (resources in use). */
export type Threshold = { readonly percent: number } | { readonly count: number };

const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;

/** `"85%"` → a percent of the limit (0 to 100); a whole number → a count of resources in use. */
export const threshold = z.union([z.string(), z.number()]).transform((value, ctx): Threshold => {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return { count: value };
    ctx.addIssue({ code: 'custom', message: `${value} is not a count (a whole number, or a percent such as "80%")` });
    return z.NEVER;
  }
  const match = PERCENT.exec(value.trim());
  const percent = match ? Number(match[1]) : Number.NaN;
  if (!(percent >= 0 && percent <= 100)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a percent from 0% to 100% (or a count such as 40)` });
    return z.NEVER;
  }
  return { percent };
});

/** The default thresholds (awslimitchecker warns at 80 %; critical a little before the wall). */
export const DEFAULT_WARNING = '80%';
export const DEFAULT_CRITICAL = '95%';

/** The thresholds of one limit, both resolved (its own, else the monkey's). */
export interface LimitThresholds {
  readonly warning: Threshold;
  readonly critical: Threshold;
}

/** The usage at which a threshold is reached, for one limit value. */
function reachedAt(level: Threshold, limit: number): number {
  return 'count' in level ? level.count : (level.percent / 100) * limit;
}

/** How full a limit is, in percent rounded to one decimal (a limit of 0 with anything in use is over 100). */
export function percentOf(usage: number, limit: number): number {
  if (limit <= 0) return usage > 0 ? 100 : 0;
  return Math.round((usage / limit) * 1000) / 10;
}

/**
 * The severity of a usage against its limit: critical, warning, or undefined (below both thresholds). Nothing in
 * use never alarms, whatever the thresholds say.
 */
export function severityOf(usage: number, limit: number, levels: LimitThresholds): Severity | undefined {
  if (usage <= 0) return undefined;
  if (usage >= reachedAt(levels.critical, limit)) return 'critical';
  if (usage >= reachedAt(levels.warning, limit)) return 'warning';
  return undefined;
}

/** A threshold in words, for a finding's reason: "80%" or "40 in use". */
export function describeThreshold(level: Threshold): string {
  return 'count' in level ? `${level.count} in use` : `${level.percent}%`;
}
