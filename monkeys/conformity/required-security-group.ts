import { z } from 'zod';
import { defineRule } from '../shared/report-rules.js';
import { instanceHit, instanceLabel, liveInstances, recordsOf } from '../shared/report-subjects.js';

/** Every instance is in each of `securityGroups` (names or ids), e.g. the one the security team audits through. */
export const requiredSecurityGroup = defineRule({
  id: 'required-security-group',
  severity: 'warning',
  summary: 'instances missing one of the security groups listed in `securityGroups` (names or ids; none by default)',
  reads: ['instance', 'security-group'],
  settings: {
    securityGroups: z
      .array(z.string().min(1))
      .default([])
      .describe('Security groups (names or ids) every instance must hold (default none: the rule finds nothing)'),
  },
  check: ({ snapshot, settings }) => {
    if (settings.securityGroups.length === 0) return [];
    const nameOf = new Map(recordsOf(snapshot, 'security-group').map((group) => [group.id, group.name ?? group.id]));
    return liveInstances(snapshot).flatMap((instance) => {
      const held = new Set(instance.securityGroupIds.flatMap((id) => [id, nameOf.get(id) ?? id]));
      const missing = settings.securityGroups.filter((wanted) => !held.has(wanted));
      if (missing.length === 0) return [];
      return [
        instanceHit(
          instance,
          `instance ${instanceLabel(instance)} is not in the required security ${missing.length === 1 ? 'group' : 'groups'} ${missing.join(', ')}: add it`,
          { missing },
        ),
      ];
    });
  },
});
