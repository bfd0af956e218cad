import type { NotificationsConfig } from '../config/notifications-schema.js';
import type { Finding } from '../plan/finding.js';
import { type Alert, SEVERITIES, type Severity } from './alert.js';
import { byOwner, digestAlert } from './digest.js';

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);

/** Who is told of a finding: its owner, else its account's fallback, else the default fallback; null for none. */
export function findingOwner(
  finding: Finding,
  notifications: Pick<NotificationsConfig, 'ownerFallback'>,
): string | null {
  const fallback = notifications.ownerFallback;
  return finding.owner ?? fallback.accounts[finding.account] ?? fallback.default ?? null;
}

/**
 * The digests of one run's findings: those at or above findings.minSeverity, one alert per owner (the finding's,
 * else its account's fallback, else the default, else "unowned"), at the worst severity it lists.
 */
export function findingDigests(
  findings: readonly Finding[],
  run: { monkey: string; runId: string },
  notifications: Pick<NotificationsConfig, 'findings' | 'ownerFallback'>,
): Alert[] {
  const floor = rank(notifications.findings.minSeverity);
  const kept = findings.filter((finding) => rank(finding.severity) >= floor);
  const owners = byOwner(kept, (finding) => findingOwner(finding, notifications));
  return [...owners].map(([owner, items]) => {
    const worst = items.reduce<Severity>(
      (top, item) => (rank(item.severity) > rank(top) ? item.severity : top),
      'info',
    );
    return digestAlert(
      owner,
      items.map((item) => ({
        resource: item.resource,
        reason: `${item.rule}: ${item.reason}`,
        account: item.account,
        region: item.region,
      })),
      { monkey: run.monkey, runId: run.runId, severity: worst },
    );
  });
}
