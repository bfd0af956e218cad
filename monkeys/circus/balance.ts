/** Instances per zone of one cluster, every zone the cluster uses (an empty one counts 0), zones in name order. */
export type ZoneCounts = ReadonlyMap<string, number>;

/** One move: an instance leaves the fullest zone, and its replacement lands in the emptiest. */
export interface BalanceStep {
  readonly from: string;
  readonly to: string;
}

/** The gap between the fullest and the emptiest zone (0 with fewer than two zones). */
export function spread(counts: ZoneCounts): number {
  const values = [...counts.values()];
  if (values.length < 2) return 0;
  return Math.max(...values) - Math.min(...values);
}

/** The fullest and emptiest zones (ties broken by zone name, so the plan is the same every time). */
export function extremes(counts: ZoneCounts): { fullest: string; emptiest: string } | null {
  const entries = [...counts].sort(([a], [b]) => a.localeCompare(b));
  if (entries.length < 2) return null;
  let fullest = entries[0] as [string, number];
  let emptiest = fullest;
  for (const entry of entries) {
    if (entry[1] > fullest[1]) fullest = entry;
    if (entry[1] < emptiest[1]) emptiest = entry;
  }
  return { fullest: fullest[0], emptiest: emptiest[0] };
}

/** The counts after one step. */
export function applyStep(counts: ZoneCounts, step: BalanceStep): Map<string, number> {
  const next = new Map(counts);
  next.set(step.from, (next.get(step.from) ?? 0) - 1);
  next.set(step.to, (next.get(step.to) ?? 0) + 1);
  return next;
}

/**
 * The fewest moves that bring the spread within the threshold: each moves one instance from the fullest zone to the
 * emptiest (no move can do better than closing the widest gap by two). Empty when already within it.
 */
export function balanceSteps(counts: ZoneCounts, threshold: number): BalanceStep[] {
  const steps: BalanceStep[] = [];
  let current: ZoneCounts = counts;
  while (spread(current) > threshold) {
    const ends = extremes(current);
    if (!ends) break;
    const step = { from: ends.fullest, to: ends.emptiest };
    steps.push(step);
    current = applyStep(current, step);
  }
  return steps;
}

/** "us-east-1a:5 us-east-1b:1 us-east-1c:0". */
export function countsText(counts: ZoneCounts): string {
  return [...counts].map(([zone, count]) => `${zone}:${count}`).join(' ');
}
