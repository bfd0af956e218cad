import type { Alert, Severity } from './alert.js';

/** One thing an owner is told about in a digest (a resource Janitor will delete, a non-conforming group ...). */
export interface DigestItem {
  readonly resource: string;
  readonly reason: string;
  readonly account?: string;
  readonly region?: string;
}

export interface DigestOptions {
  readonly monkey: string;
  /** The run the digest belongs to: one digest per owner per run. */
  readonly runId: string;
  readonly severity?: Severity;
  readonly cluster?: string;
  readonly optOut?: string;
}

/** One alert listing every item of one owner (send it with gateway.send): one message per owner per run. */
export function digestAlert(owner: string, items: readonly DigestItem[], options: DigestOptions): Alert {
  const lines = items.map(
    (item) =>
      `${item.resource}${item.account ? ` (${[item.account, item.region].filter(Boolean).join(' ')})` : ''}: ${item.reason}`,
  );
  return {
    cluster: options.cluster ?? options.monkey,
    severity: options.severity ?? 'info',
    desc: `${options.monkey}: ${items.length} resource${items.length === 1 ? '' : 's'} of ${owner}`,
    incidentKey: `digest:${options.monkey}:${options.runId}:${owner}`,
    details: lines.join('\n'),
    owner,
    monkey: options.monkey,
    findings: 'digest',
    ...(options.optOut ? { optOut: options.optOut } : {}),
  };
}

/** Items grouped by owner (null owners under the fallback name given). */
export function byOwner<T>(
  items: readonly T[],
  ownerOfItem: (item: T) => string | null,
  unowned = 'unowned',
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const owner = ownerOfItem(item) ?? unowned;
    groups.set(owner, [...(groups.get(owner) ?? []), item]);
  }
  return groups;
}
