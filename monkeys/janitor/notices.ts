import type { AlertReport } from '../../core/notify/alert.js';
import { delivered } from '../../core/notify/alert.js';
import { byOwner, type DigestItem, type DigestOptions } from '../../core/notify/digest.js';
import type { RunReport } from '../../core/plan/action.js';
import type { Finding } from '../../core/plan/finding.js';
import { MARK_KIND } from './kinds.js';
import { NOTICE_DETAIL } from './plan.js';

/** What sends one owner's digest (the alert gateway's `digest`). */
export interface DigestSender {
  digest(owner: string, items: readonly DigestItem[], options: DigestOptions): Promise<AlertReport>;
}

export const OPT_OUT =
  'to keep a resource, use it again or tag it simian:janitor=disabled (any case; false works too): Janitor then unmarks it';

/**
 * The notices a run owes: every notice finding of a resource that is marked now — marked earlier and not yet told,
 * or marked by this very run (its mark done). A mark that failed or was spared is told nothing.
 */
export function noticesOwed(report: RunReport): Finding[] {
  const marked = new Set(
    report.actions.filter((action) => action.kind === MARK_KIND && action.status === 'done').map((a) => a.resource),
  );
  const markedBefore = (finding: Finding) => !report.actions.some((a) => a.resource === finding.resource);
  return (report.findings ?? []).filter(
    (finding) => finding.details[NOTICE_DETAIL] === true && (marked.has(finding.resource) || markedBefore(finding)),
  );
}

/**
 * One digest per owner per run (resources without one go to the fallback recipient, else "unowned"), each listing
 * the resource, its rule, its date and how to opt out. Answers resource → when its owner was told, for the digests
 * every routed channel took; an undelivered digest is tried again by the next run.
 */
export async function sendNotices(
  notices: readonly Finding[],
  sender: DigestSender,
  run: { runId: string; at: Date },
): Promise<Record<string, string>> {
  const told: Record<string, string> = {};
  for (const [owner, items] of byOwner(notices, (notice) => notice.owner)) {
    const report = await sender.digest(
      owner,
      items.map((item) => ({
        resource: item.resource,
        reason: `${item.resourceType}${item.details.name ? ` ${String(item.details.name)}` : ''} — rule ${item.rule}: ${item.reason}`,
        account: item.account,
        region: item.region,
      })),
      { monkey: 'janitor', runId: run.runId, optOut: OPT_OUT },
    );
    if (report.outcomes.length > 0 && delivered(report)) {
      for (const item of items) told[item.resource] = run.at.toISOString();
    }
  }
  return told;
}
