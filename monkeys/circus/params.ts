import { z } from 'zod';
import { GROUPINGS } from '../chaos/params.js';

export const circusParams = z.strictObject({
  /** Aim at one cluster (the unit name under `grouping`). */
  cluster: z.string().min(1).optional(),
  /** Aim at the cluster of one Auto Scaling group. */
  group: z.string().min(1).optional(),
  /** What one cluster is: every ASG of the same Frigga cluster name by default (`web-prod-v001` + `web-prod-v002`). */
  grouping: z
    .enum(GROUPINGS, {
      error: (issue) => `grouping "${String(issue.input)}" is unknown (expected one of ${GROUPINGS.join(', ')})`,
    })
    .default('cluster'),
  /** The largest spread (instances in the fullest zone minus the emptiest) left alone. */
  threshold: z.number().int().min(1, { error: 'threshold must be at least 1' }).default(1),
});
export type CircusParams = z.infer<typeof circusParams>;
