import type { LaunchConfiguration } from '@aws-sdk/client-auto-scaling';
import { dateOf, type JanitorRule, nothingUses } from './rule.js';

/**
 * A launch configuration no group uses, older than N days. AWS cannot tag launch configurations, so one cannot carry
 * its lifecycle: the rule reports it (a finding, with its owner's digest) and never deletes it.
 */
export const unusedLaunchConfiguration: JanitorRule<LaunchConfiguration> = {
  id: 'unused-launch-configuration',
  type: 'launch-configuration',
  description: 'launch configuration used by no group, older than N days (reported: AWS cannot tag it)',
  defaultDays: 30,
  unused(record, ctx) {
    if (nothingUses(ctx, record.id)) return null;
    return `launch configuration ${record.id} is used by no auto scaling group`;
  },
  since: { created: (raw) => dateOf(raw.CreatedTime) },
  reportOnly: true,
};
