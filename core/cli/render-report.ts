import type { RunReport } from '../plan/action.js';
import { renderFindings } from './render-findings.js';
import { renderTable } from './table.js';

function targetText(target: Record<string, string>): string {
  return Object.entries(target)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
}

/** An action's details as one note: `rule detached-volume; why ...; owner ...` (empty values left out). */
function detailsText(details: Readonly<Record<string, string | null>> | undefined): string | null {
  const parts = Object.entries(details ?? {}).flatMap(([key, value]) => (value ? [`${key} ${value}`] : []));
  return parts.length > 0 ? parts.join('; ') : null;
}

/** A run with findings and no action (a report monkey's, Janitor's --report): it changes nothing by design. */
function reportOnly(report: RunReport): boolean {
  return report.findings !== undefined && report.actions.length === 0;
}

/** The one-line summary that ends every human report. */
export function summaryLine(report: RunReport): string {
  const { planned, done, failed, skipped } = report.summary;
  if (reportOnly(report) && !report.refused) {
    return `report only: nothing was changed (skipped ${skipped})`;
  }
  const counts = `planned ${planned}, done ${done}, failed ${failed}, skipped ${skipped}`;
  if (report.refused) {
    // Some reasons already end by saying nothing was done; the line says it once.
    const reason = report.refused.reason.replace(/[:;,]? nothing was done$/, '');
    return `refused by ${report.refused.guard}: ${reason} (nothing was done; ${counts})`;
  }
  if (report.dryRun) return `${counts} — dry run, nothing changed (to act: armed: true in the config and --no-dry-run)`;
  return counts;
}

/**
 * The readable form of a run report: what the run aimed at, a table of every action with its status, a table of
 * every resource spared with the guard that spared it, then the summary line.
 */
export function renderReport(report: RunReport): string {
  const mode = reportOnly(report) ? 'report' : report.dryRun ? 'dry run' : 'armed';
  const parts = [`${report.monkey} (${mode}) — ${targetText(report.target)}`];
  // Janitor's runs have both: its actions, then what its owners are told (or what it reports instead of deleting).
  if (report.findings && report.actions.length === 0) {
    parts.push(renderFindings(report.findings));
  } else if (report.actions.length > 0) {
    parts.push(
      renderTable(
        ['ACTION', 'RESOURCE', 'GROUP', 'ZONE', 'STATUS', 'NOTE'],
        report.actions.map((action) => [
          action.kind,
          action.resource,
          action.group ?? '-',
          action.zone ?? '-',
          action.status,
          [action.reason, action.revertAt ? `revert at ${action.revertAt}` : null, detailsText(action.details)]
            .filter(Boolean)
            .join('; '),
        ]),
      ),
    );
  } else {
    parts.push('No actions.');
  }
  if (report.findings && report.actions.length > 0) parts.push(renderFindings(report.findings));
  if (report.skipped.length > 0) {
    parts.push(
      renderTable(
        ['SKIPPED', 'GROUP', 'GUARD', 'REASON'],
        report.skipped.map((skip) => [skip.resource, skip.group ?? '-', skip.guard, skip.reason]),
      ),
    );
  }
  for (const note of report.notes ?? []) parts.push(`note: ${note}`);
  parts.push(summaryLine(report));
  return `${parts.join('\n\n')}\n`;
}
