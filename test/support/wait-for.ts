// Taken at load, before any test can install fake timers: waitFor waits on real peers (Redis, moto, child
// processes), which live in real time whatever clock the code under test is given.
const realSetTimeout = globalThis.setTimeout;
const realNow = performance.now.bind(performance);

export interface WaitForOptions {
  /** How long to keep asking before failing; default 60 s. */
  readonly timeoutMs?: number;
  /** Pause between two asks; default 50 ms. */
  readonly everyMs?: number;
}

/**
 * Asks `check` until it answers a truthy value, and returns that value; fails with "timed out after N ms waiting for
 * <what>" once `timeoutMs` has passed. The one way tests wait for something another process or connection does.
 */
export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  { timeoutMs = 60_000, everyMs = 50 }: WaitForOptions = {},
): Promise<T> {
  const deadline = realNow() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (realNow() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => realSetTimeout(resolve, everyMs));
  }
}
