/** How bad a finding is; a report monkey's exit code follows the worst one (info 0, warning 1, critical 2). */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Something a report monkey (or Janitor's report) found wrong, in words a person can act on. Findings never
 * change anything; they go to the timeline, the owner and the report (the contract's "Findings").
 */
export interface Finding {
  /** Stable rule id: `cert-expiring`, `open-ingress`, `limit-ec2-elastic-ips` ... */
  readonly rule: string;
  /** The resource's id or ARN. */
  readonly resource: string;
  /** A registered resource type name (`instance`, `acm-certificate`, `quota` ...). */
  readonly resourceType: string;
  readonly severity: Severity;
  /** One sentence: "certificate for www.example.com expires in 9 days (2026-12-10)". */
  readonly reason: string;
  /** From the owner tag; null when the resource names none. */
  readonly owner: string | null;
  readonly account: string;
  readonly region: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Findings counted per severity (every severity present, zero when none). */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** The rule of a read that failed: always critical, never excluded, and it keeps the exit code at 2. */
export const READ_FAILED_RULE = 'read-failed';

/**
 * A report monkey's exit code: 0 when nothing reaches `threshold` (default warning), else 1 for a warning and 2
 * for a critical finding; 2 whenever a read failed, whatever the threshold (a CI gate on 2 must not pass a report
 * that could not look). `--exit-zero` callers skip this.
 */
export function findingsExitCode(findings: readonly Finding[], threshold: Severity = 'warning'): 0 | 1 | 2 {
  if (findings.some((finding) => finding.rule === READ_FAILED_RULE)) return 2;
  const floor = Math.max(severityRank(threshold), severityRank('warning'));
  const worst = Math.max(-1, ...findings.map((finding) => severityRank(finding.severity)));
  if (worst < floor) return 0;
  return worst >= severityRank('critical') ? 2 : 1;
}
