import { z } from 'zod';
import { region } from '../../core/config/basic-values.js';
import { LIMIT_IDS } from './limits.js';
import { DEFAULT_CRITICAL, DEFAULT_WARNING, type LimitThresholds, type Threshold, threshold } from './thresholds.js';

/** One limit's own settings under `params.limits.<rule id>`: off, or thresholds of its own. */
const limitSettings = z.strictObject({
  enabled: z.boolean().default(true).describe('false turns this limit off (default true)'),
  warning: threshold.optional().describe(`This limit's own warning threshold (default: the monkey's warning)`),
  critical: threshold.optional().describe(`This limit's own critical threshold (default: the monkey's critical)`),
});

const THRESHOLD_TEXT = 'a percent of the limit ("80%") or a count of resources in use (40)';

/** A warning above its critical threshold (both percents, or both counts) can never be told. */
function inOrder(levels: { warning?: Threshold | undefined; critical?: Threshold | undefined }): boolean {
  const { warning, critical } = levels;
  if (!warning || !critical) return true;
  if ('percent' in warning && 'percent' in critical) return warning.percent <= critical.percent;
  if ('count' in warning && 'count' in critical) return warning.count <= critical.count;
  return true;
}

/**
 * Howler's params (a schedule entry's `params`): thresholds for every limit ("80%" of the limit, or a count in
 * use), overridden per limit by rule id; a limit can be turned off.
 */
export const howlerParams = z
  .strictObject({
    warning: threshold
      .prefault(DEFAULT_WARNING)
      .describe(`Usage at which a limit is a warning: ${THRESHOLD_TEXT} (default ${DEFAULT_WARNING})`),
    critical: threshold
      .prefault(DEFAULT_CRITICAL)
      .describe(`Usage at which a limit is critical: ${THRESHOLD_TEXT} (default ${DEFAULT_CRITICAL})`),
    limits: z
      .record(z.string(), limitSettings)
      .default({})
      .describe('Per limit, by rule id (limit-ec2-elastic-ips): enabled, and thresholds of its own'),
    /** Route 53's limits are per account: they are reported in the runs of this region only. */
    globalRegion: region
      .default('us-east-1')
      .describe(
        "Route 53's limits are per account: they are reported in the runs of this region only (default us-east-1)",
      ),
    /** Also report the limits below their warning threshold, as info findings (the whole picture). */
    reportAll: z
      .boolean()
      .default(false)
      .describe('Also report the limits below their warning threshold, as info findings (default false)'),
  })
  .superRefine((params, ctx) => {
    if (!inOrder(params)) ctx.addIssue({ code: 'custom', path: ['warning'], message: 'warning is above critical' });
    for (const [id, settings] of Object.entries(params.limits)) {
      if (!LIMIT_IDS.includes(id)) {
        const message = `unknown limit "${id}" (valid limits: ${LIMIT_IDS.join(', ')})`;
        ctx.addIssue({ code: 'custom', path: ['limits', id], message });
      } else if (
        !inOrder({ warning: settings.warning ?? params.warning, critical: settings.critical ?? params.critical })
      ) {
        ctx.addIssue({ code: 'custom', path: ['limits', id, 'warning'], message: 'warning is above critical' });
      }
    }
  });
export type HowlerParams = z.infer<typeof howlerParams>;

/** The thresholds one limit is judged by: its own where set, else the monkey's. */
export function thresholdsOf(params: HowlerParams, id: string): LimitThresholds {
  const own = params.limits[id];
  return { warning: own?.warning ?? params.warning, critical: own?.critical ?? params.critical };
}

export function isEnabled(params: HowlerParams, id: string): boolean {
  return params.limits[id]?.enabled ?? true;
}
