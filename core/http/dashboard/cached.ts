import type { Clock } from '../../clock.js';

/**
 * One answer shared for `ms` (concurrent callers share the same read); a failed read is not kept, so the next call
 * asks again. For views that cost AWS calls: a page polling them must not multiply those calls.
 */
export function cached<T>(ms: number, clock: Clock, read: (at: Date) => Promise<T>): () => Promise<T> {
  let entry: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = clock.now();
    if (entry && now.getTime() - entry.at < ms) return entry.value;
    const mine = { at: now.getTime(), value: read(now) };
    mine.value.catch(() => {
      if (entry === mine) entry = undefined;
    });
    entry = mine;
    return mine.value;
  };
}
