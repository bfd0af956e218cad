import { z } from 'zod';
import { grouping } from '../chaos/params.js';

export const circusParams = z.strictObject({
  /** Aim at one cluster (the unit name under `grouping`). */
  cluster: z.string().min(1).optional().describe('Aim at one cluster (the unit name under grouping)'),
  /** Aim at the cluster of one Auto Scaling group. */
  group: z.string().min(1).optional().describe('Aim at the cluster of one Auto Scaling group'),
  /** What one cluster is: every ASG of the same Frigga cluster name by default (`web-prod-v001` + `web-prod-v002`). */
  grouping: grouping.default('cluster').describe('What one cluster is: asg, app, stack or cluster (the default)'),
  /** The largest spread (instances in the fullest zone minus the emptiest) left alone. */
  threshold: z
    .number()
    .int()
    .min(1, { error: 'threshold must be at least 1' })
    .default(1)
    .describe('The largest spread between the fullest and the emptiest zone left alone, a whole number (default 1)'),
});
export type CircusParams = z.infer<typeof circusParams>;
