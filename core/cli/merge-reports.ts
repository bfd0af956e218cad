import type { RunReport } from '../plan/action.js';
import { countBySeverity } from '../plan/finding.js';

/**
 * The one report of a manual run over several regions (`--region a --region b`), each region run in turn: every
 * action, skip and finding, the counts summed, the regions named in the target, and the first refusal (the regions
 * after it were not run, and a note says so).
 */
export function mergeReports(reports: readonly RunReport[], notRun: readonly string[] = []): RunReport {
  const [first] = reports;
  if (!first) throw new Error('mergeReports needs at least one report');
  if (reports.length === 1 && notRun.length === 0) return first;
  const findings = reports.some((report) => report.findings)
    ? reports.flatMap((report) => report.findings ?? [])
    : undefined;
  const sum = (key: 'planned' | 'done' | 'failed' | 'skipped') =>
    reports.reduce((total, report) => total + report.summary[key], 0);
  const refused = reports.find((report) => report.refused)?.refused;
  const permissions = reports.flatMap((report) => report.permissions ?? []);
  // A note every region's run made (the calendar's) is said once.
  const notes = [
    ...new Set([
      ...reports.flatMap((report) => report.notes ?? []),
      ...(notRun.length > 0 ? [`not run after the refusal: ${notRun.join(', ')}`] : []),
    ]),
  ];
  return {
    monkey: first.monkey,
    dryRun: first.dryRun,
    target: { ...first.target, region: reports.map((report) => report.target.region).join(', ') },
    actions: reports.flatMap((report) => report.actions),
    skipped: reports.flatMap((report) => report.skipped),
    ...(findings ? { findings } : {}),
    summary: {
      planned: sum('planned'),
      done: sum('done'),
      failed: sum('failed'),
      skipped: sum('skipped'),
      ...(findings ? { findings: findings.length, bySeverity: countBySeverity(findings) } : {}),
    },
    ...(refused ? { refused } : {}),
    ...(permissions.length > 0 ? { permissions } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}
