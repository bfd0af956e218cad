import { defineRule } from '../shared/report-rules.js';
import { instanceHit, instanceLabel, liveInstances } from '../shared/report-subjects.js';

/** An instance outside any VPC (EC2-Classic) has none of a VPC's network controls (SimianArmy InstanceInVPC). */
export const instanceNotInVpc = defineRule({
  id: 'instance-not-in-vpc',
  severity: 'warning',
  summary: 'instances that run outside any VPC',
  reads: ['instance'],
  settings: {},
  check: ({ snapshot }) =>
    liveInstances(snapshot)
      .filter((instance) => !instance.vpcId)
      .map((instance) =>
        instanceHit(instance, `instance ${instanceLabel(instance)} runs outside any VPC: relaunch it in a VPC subnet`),
      ),
});
