import type { RedisClient } from '../redis/connection.js';

export type Health = { readonly healthy: true } | { readonly healthy: false; readonly reason: string };

/** Waits for the connection to be ready (a fresh process is still connecting); the last error if it does not come. */
function whenReady(redis: RedisClient, timeoutMs: number): Promise<string | undefined> {
  if (redis.status === 'ready') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let lastError = `connection ${redis.status}`;
    const onError = (error: Error) => {
      lastError = error.message;
    };
    const finish = (problem: string | undefined) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      resolve(problem);
    };
    const onReady = () => finish(undefined);
    const timer = setTimeout(() => finish(lastError), timeoutMs);
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}

/** Whether this process can reach Redis right now (a PING answered within `timeoutMs`). */
export async function checkHealth(redis: RedisClient, timeoutMs = 1000): Promise<Health> {
  // With maxRetriesPerRequest null a command waits for a reconnect forever: wait for the connection, bounded.
  const problem = await whenReady(redis, timeoutMs);
  if (problem) return { healthy: false, reason: `Redis unreachable: ${problem}` };
  let timer: NodeJS.Timeout | undefined;
  try {
    const pong = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to PING within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return pong === 'PONG' ? { healthy: true } : { healthy: false, reason: `Redis answered ${pong} to PING` };
  } catch (error) {
    return { healthy: false, reason: `Redis unreachable: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}
