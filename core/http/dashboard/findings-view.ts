import { readAllMarkRecords } from '../../../monkeys/janitor/effects/janitor-record.js';
import { EVENT_TYPES, type SimianEvent } from '../../events/event.js';
import { SEVERITIES, type Severity, severityRank } from '../../plan/finding.js';
import type { DashboardContext } from './deps.js';

/** The latest report of one finding (a rule on a resource, by one monkey). */
export interface FindingRow {
  readonly monkey: string | null;
  readonly rule: string;
  readonly resource: string;
  readonly resourceType: string | null;
  readonly severity: Severity;
  readonly owner: string | null;
  readonly account: string | null;
  readonly region: string | null;
  readonly reason: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly lastSeen: string;
  /** How many times the timeline holds it (once per run that found it). */
  readonly seen: number;
}

/** A resource the Janitor has marked for deletion, as the Janitor's own record holds it. */
export interface JanitorMark {
  readonly resource: string;
  readonly resourceType: string;
  readonly rule: string;
  /** Whom its notices go to ("unowned" when nobody: the digest's own name for it). */
  readonly owner: string;
  readonly markedAt: string;
  readonly deleteAfter: string;
  /** Whom the Janitor told, and when (null: not yet). */
  readonly notifiedOwner: string | null;
  readonly notifiedAt: string | null;
  readonly account: string;
  readonly region: string;
}

/** `GET /api/v1/dashboard/findings`. */
export interface FindingsView {
  readonly findings: readonly FindingRow[];
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byOwner: readonly { readonly owner: string | null; readonly counts: Readonly<Record<Severity, number>> }[];
  readonly janitor: readonly JanitorMark[];
}

const SCAN = 10_000;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function isSeverity(value: unknown): value is Severity {
  return (SEVERITIES as readonly unknown[]).includes(value);
}

function latestFindings(events: readonly SimianEvent[]): FindingRow[] {
  const rows = new Map<string, FindingRow>();
  for (const event of events) {
    if (event.type !== EVENT_TYPES.finding || !isSeverity(event.severity)) continue;
    const rule = text(event.rule) ?? 'unknown';
    const resource = event.resource ?? 'unknown';
    const key = `${event.monkey}\n${rule}\n${resource}`;
    rows.set(key, {
      monkey: event.monkey,
      rule,
      resource,
      resourceType: text(event.resourceType),
      severity: event.severity,
      owner: text(event.owner),
      account: event.account,
      region: event.region,
      reason: text(event.reason) ?? event.desc,
      details: (event.details as Record<string, unknown> | undefined) ?? {},
      lastSeen: event.timestamp ?? '',
      seen: (rows.get(key)?.seen ?? 0) + 1,
    });
  }
  return [...rows.values()].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || b.lastSeen.localeCompare(a.lastSeen),
  );
}

/** Every mark the Janitor's record holds (what it marked, whom it told), the earliest deletion first. */
async function janitorMarks(context: DashboardContext): Promise<JanitorMark[]> {
  const records = await readAllMarkRecords({ redis: context.redis, prefix: context.config().global.redis.prefix });
  return records
    .map((record) => ({
      resource: record.resource,
      resourceType: record.resourceType,
      rule: record.rule,
      owner: record.owner ?? record.notifiedOwner ?? 'unowned',
      markedAt: record.markedAt,
      deleteAfter: record.deleteAfter,
      notifiedOwner: record.notifiedOwner,
      notifiedAt: record.notifiedAt,
      account: record.account,
      region: record.region,
    }))
    .sort((a, b) => a.deleteAfter.localeCompare(b.deleteAfter));
}

const zero = (): Record<Severity, number> => ({ info: 0, warning: 0, critical: 0 });

/** Findings by severity and owner (from the Finding events), and the Janitor's marks (from its record). */
export async function findingsView(context: DashboardContext): Promise<FindingsView> {
  const [found, janitor] = await Promise.all([
    context.events.query({ type: EVENT_TYPES.finding, limit: SCAN }),
    janitorMarks(context),
  ]);
  const findings = latestFindings(found);
  const bySeverity = zero();
  const owners = new Map<string | null, Record<Severity, number>>();
  for (const finding of findings) {
    bySeverity[finding.severity] += 1;
    const counts = owners.get(finding.owner) ?? zero();
    counts[finding.severity] += 1;
    owners.set(finding.owner, counts);
  }
  const byOwner = [...owners]
    .map(([owner, counts]) => ({ owner, counts }))
    .sort((a, b) => b.counts.critical - a.counts.critical || b.counts.warning - a.counts.warning);
  return { findings, bySeverity, byOwner, janitor };
}
