import { z } from 'zod';
import { defineRule } from '../shared/report-rules.js';
import { instanceHit, instanceLabel, liveInstances } from '../shared/report-subjects.js';

const DAY_MS = 86_400_000;

/** Long-lived instances drift from their image and miss patches (SimianArmy InstanceTooOld, 180 days). */
export const instanceTooOld = defineRule({
  id: 'instance-too-old',
  severity: 'warning',
  summary: 'instances launched more than maxAgeDays ago (default 180)',
  reads: ['instance'],
  settings: {
    maxAgeDays: z
      .number()
      .int()
      .positive()
      .default(180)
      .describe('Days since launch beyond which an instance is too old (default 180)'),
  },
  check: ({ snapshot, settings, now }) =>
    liveInstances(snapshot).flatMap((instance) => {
      if (!instance.launchTime) return [];
      const days = Math.floor((now.getTime() - instance.launchTime.getTime()) / DAY_MS);
      if (days <= settings.maxAgeDays) return [];
      const launched = instance.launchTime.toISOString().slice(0, 10);
      return [
        instanceHit(
          instance,
          `instance ${instanceLabel(instance)} was launched ${days} days ago (${launched}), over the ${settings.maxAgeDays} allowed: replace it with a fresh one`,
          { ageDays: days, maxAgeDays: settings.maxAgeDays },
        ),
      ];
    }),
});
