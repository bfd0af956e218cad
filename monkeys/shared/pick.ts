/** Picks up to `count` distinct items uniformly at random (partial Fisher-Yates); the input is not changed. */
export function pickRandom<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const wanted = Math.max(0, Math.min(count, pool.length));
  for (let index = 0; index < wanted; index++) {
    const swap = index + Math.floor(random() * (pool.length - index));
    [pool[index], pool[swap]] = [pool[swap] as T, pool[index] as T];
  }
  return pool.slice(0, wanted);
}

/** Picks one item at random, or undefined from an empty list. */
export function pickOne<T>(items: readonly T[], random: () => number): T | undefined {
  return pickRandom(items, 1, random)[0];
}
