import type { Finding } from '../plan/finding.js';
import { countBySeverity } from '../plan/finding.js';
import { renderTable } from './table.js';

const COLUMNS = ['severity', 'rule', 'resourceType', 'resource', 'owner', 'account', 'region', 'reason'] as const;

/** Findings as a terminal table, worst first, then the count per severity. */
export function renderFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  const table = renderTable(
    ['SEVERITY', 'RULE', 'RESOURCE', 'OWNER', 'REASON'],
    findings.map((finding) => [finding.severity, finding.rule, finding.resource, finding.owner ?? '-', finding.reason]),
  );
  const counts = countBySeverity(findings);
  return `${table}\n\n${findings.length} finding(s): ${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Findings as CSV (a header row, one row each), for spreadsheets and tickets. */
export function findingsCsv(findings: readonly Finding[]): string {
  const rows = findings.map((finding) => COLUMNS.map((column) => csvField(finding[column])).join(','));
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
