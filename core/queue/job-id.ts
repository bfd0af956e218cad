/**
 * BullMQ job ids must not contain ':' (it separates Redis key parts), and a duplicate id is ignored while the first
 * job exists: deterministic ids are how a second scheduler, a restart or a retry never adds the same work twice.
 */
export function jobId(...parts: readonly (string | number)[]): string {
  return parts
    .map((part) =>
      String(part)
        .replace(/[^A-Za-z0-9_-]+/g, '_')
        .replace(/^_+|_+$/g, ''),
    )
    .filter((part) => part.length > 0)
    .join('-');
}

/** `2026-11-26` → `20261126` (the day part of planned run ids). */
export function compactDay(isoDay: string): string {
  return isoDay.replaceAll('-', '');
}
