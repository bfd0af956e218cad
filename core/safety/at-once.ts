import { z } from 'zod';
import { percentAllowance } from './caps.js';

/**
 * A remedy's limit on how many of its group may be under remedy at once (Doctor's maxAtOnce, maxPercentAtOnce of
 * the desired capacity, at least one), and how long an admitted remedy counts (its cooldown). Carried by the
 * remedy's action params so that the cap is counted at act time, from Doctor's record, across runs.
 */
export const atOnceParams = z.strictObject({
  max: z.number().int().min(1),
  percent: z.number().gt(0).max(100),
  holdMs: z.number().int().min(0),
});
export type AtOnce = z.infer<typeof atOnceParams>;

/** The instances of a group that may be under remedy at once: `max`, and `percent` of desired (at least one). */
export function atOnceAllowance(atOnce: AtOnce, desired: number): number {
  return Math.min(atOnce.max, Math.max(1, percentAllowance(atOnce.percent, desired)));
}
