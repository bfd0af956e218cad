import { Redis } from 'ioredis';

/**
 * An ioredis connection fit for BullMQ: `maxRetriesPerRequest: null` (workers block on Redis and must survive a
 * Redis restart by reconnecting, not by failing the command).
 */
export function openRedis(url: string, name = 'simian'): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, enableReadyCheck: true });
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
