import { defineRule } from '../shared/report-rules.js';
import { groupHit } from '../shared/report-subjects.js';

/** A group in one zone goes down with that zone (what Chaos Gorilla tests). */
export const asgSingleZone = defineRule({
  id: 'asg-single-zone',
  severity: 'warning',
  summary: 'Auto Scaling groups that span fewer than two availability zones',
  reads: ['auto-scaling-group'],
  settings: {},
  check: ({ snapshot }) =>
    snapshot.groups
      .filter((group) => group.zones.length < 2)
      .map((group) =>
        groupHit(
          group,
          `group ${group.name} runs in one zone only (${group.zones.join(', ') || 'none'}): add a second zone`,
          { zones: group.zones },
        ),
      ),
});
