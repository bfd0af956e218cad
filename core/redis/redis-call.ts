import type { RedisClient } from './connection.js';

/** Redis could not answer a safety check: callers fail closed (armed runs refuse). */
export class RedisUnreachableError extends Error {
  constructor(detail: string) {
    super(`Redis unreachable (${detail})`);
    this.name = 'RedisUnreachableError';
  }
}

/** How long a safety check waits for Redis before it counts as unreachable. */
export const DEFAULT_REDIS_TIMEOUT_MS = 2000;

/**
 * Runs one Redis step for a safety check with a deadline. Worker connections retry forever
 * (maxRetriesPerRequest: null), so without a deadline a guard would hang instead of failing closed.
 */
export async function safetyCall<T>(
  redis: RedisClient,
  step: (redis: RedisClient) => Promise<T>,
  timeoutMs = DEFAULT_REDIS_TIMEOUT_MS,
): Promise<T> {
  if (redis.status === 'end' || redis.status === 'close') throw new RedisUnreachableError(`connection ${redis.status}`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnreachableError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([step(redis), deadline]);
  } catch (error) {
    if (error instanceof RedisUnreachableError) throw error;
    throw new RedisUnreachableError(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}
