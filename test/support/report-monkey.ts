import { z } from 'zod';
import type { Finding } from '../../core/plan/finding.js';
import type { Monkey } from '../../core/run/monkey.js';
import { registerMonkey } from '../../monkeys/index.js';

/**
 * A report-kind monkey for tests only (the real ones come with their own issues): every group without a `team`
 * tag is a warning, and a group whose name holds "critical" is a critical finding.
 */
export const auditTestMonkey: Monkey<{ team: string }> = {
  name: 'audit-test',
  kind: 'report',
  description: 'Test report monkey: groups without a team tag',
  params: z.strictObject({ team: z.string().default('team') }),
  plan({ snapshot, params }) {
    const findings: Finding[] = snapshot.groups.flatMap((group) => {
      if (group.tags[params.team] !== undefined) return [];
      return [
        {
          rule: 'required-tags',
          resource: group.name,
          resourceType: 'auto-scaling-group',
          severity: group.name.includes('critical') ? 'critical' : 'warning',
          reason: `group ${group.name} has no ${params.team} tag`,
          owner: group.tags.owner ?? null,
          account: snapshot.account,
          region: snapshot.region,
          details: {},
        } satisfies Finding,
      ];
    });
    return { monkey: 'audit-test', target: { region: snapshot.region }, actions: [], skipped: [], findings };
  },
};

registerMonkey(auditTestMonkey);
