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

/** A resource the Janitor has marked for deletion, as its latest timeline events tell. */
export interface JanitorMark {
  readonly resource: string;
  readonly resourceType: string | null;
  readonly rule: string | null;
  readonly owner: string | null;
  readonly markedAt: string;
  readonly deleteAfter: string | null;
  readonly dryRun: boolean;
  readonly region: string | null;
}

/** `GET /api/v1/dashboard/findings`. */
export interface FindingsView {
  readonly findings: readonly FindingRow[];
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byOwner: readonly { readonly owner: string | null; readonly counts: Readonly<Record<Severity, number>> }[];
  readonly janitor: readonly JanitorMark[];
}

const SCAN = 10_000;
const MARK = 'mark-for-janitor';
const UNMARK = 'unmark-for-janitor';

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A Janitor lifecycle value from the event itself, its params, or the tags it wrote (`simian:janitor:<name>`). */
function janitorField(event: SimianEvent, field: string, tag: string): string | null {
  const nested = (key: string) => event[key] as Record<string, unknown> | undefined;
  return (
    text(event[field]) ??
    text(nested('params')?.[field]) ??
    text(nested('tags')?.[`simian:janitor:${tag}`]) ??
    text(nested('params')?.[`simian:janitor:${tag}`]) ??
    text(nested('details')?.[field])
  );
}

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

/** Replays the Janitor's events in order: a mark adds a resource, an unmark or a deletion done removes it. */
function janitorMarks(events: readonly SimianEvent[]): JanitorMark[] {
  const marks = new Map<string, JanitorMark>();
  for (const event of events) {
    if (event.type !== EVENT_TYPES.action || !event.resource) continue;
    if (event.kind === MARK) {
      marks.set(event.resource, {
        resource: event.resource,
        resourceType: janitorField(event, 'resourceType', 'resource-type'),
        rule: janitorField(event, 'rule', 'rule') ?? text(event.reason),
        owner: janitorField(event, 'owner', 'owner'),
        markedAt: janitorField(event, 'markedAt', 'marked-at') ?? event.timestamp ?? '',
        deleteAfter: janitorField(event, 'deleteAfter', 'delete-after'),
        dryRun: event.dryRun,
        region: event.region,
      });
    } else if (event.kind === UNMARK || (event.monkey === 'janitor' && event.status === 'done')) {
      marks.delete(event.resource);
    }
  }
  return [...marks.values()].sort((a, b) => (a.deleteAfter ?? '').localeCompare(b.deleteAfter ?? ''));
}

const zero = (): Record<Severity, number> => ({ info: 0, warning: 0, critical: 0 });

/** Findings by severity and owner (from the Finding events), and the Janitor's marked resources with their dates. */
export async function findingsView(context: DashboardContext): Promise<FindingsView> {
  const [found, actions] = await Promise.all([
    context.events.query({ type: EVENT_TYPES.finding, limit: SCAN }),
    context.events.query({ type: EVENT_TYPES.action, limit: SCAN }),
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
  return { findings, bySeverity, byOwner, janitor: janitorMarks(actions) };
}
