import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * An ioredis connection fit for BullMQ: `maxRetriesPerRequest: null` (workers block on Redis and must survive a
 * Redis restart by reconnecting, not by failing the command).
 */
export function openRedis(url: string, name = 'simian', logger?: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: name, enableReadyCheck: true });
  // Connection errors are retried by ioredis itself; log them instead of letting them surface as unhandled.
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message !== lastError) logger?.warn({ connection: name, error: error.message }, 'Redis connection error');
    lastError = error.message;
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return redis;
}

/** Closes a connection, falling back to a hard disconnect when Redis is unreachable (QUIT would wait for it). */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
