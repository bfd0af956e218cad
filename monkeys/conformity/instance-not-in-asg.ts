import { defineRule } from '../shared/report-rules.js';
import { instanceHit, instanceLabel, liveInstances } from '../shared/report-subjects.js';

/** An instance outside every Auto Scaling group is not replaced when it dies (SimianArmy's orphaned instance). */
export const instanceNotInAsg = defineRule({
  id: 'instance-not-in-asg',
  severity: 'warning',
  summary: 'instances that belong to no Auto Scaling group',
  reads: ['auto-scaling-group', 'instance'],
  settings: {},
  check: ({ snapshot }) =>
    liveInstances(snapshot)
      .filter((instance) => instance.group === undefined)
      .map((instance) =>
        instanceHit(
          instance,
          `instance ${instanceLabel(instance)} belongs to no Auto Scaling group: nothing replaces it when it fails`,
        ),
      ),
});
