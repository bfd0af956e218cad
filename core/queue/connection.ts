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

/**
 * A connection for a one-shot command that gives up at once (2 s to connect, no retries): a person at the prompt gets
 * one sentence about an unreachable Redis, not retries. Its errors are logged at debug; callers fail closed.
 */
export function openOneShotRedis(url: string, logger?: Logger): Redis {
  const redis = new Redis(url, { connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', (error: Error) => logger?.debug({ err: error }, 'redis connection error'));
  return redis;
}

/**
 * Closes a connection and waits (briefly) until it has ended. An unreachable Redis gets a hard disconnect at once:
 * QUIT would wait for it, and a reconnecting client never emits 'end' on its own.
 */
export async function closeRedis(redis: Redis, waitMs = 2000): Promise<void> {
  if (redis.status === 'end') return;
  const ended = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    timer.unref();
    redis.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
    // A peer that accepted the connection and never answers would hold the half-closed socket until connectTimeout.
    redis.stream?.destroy();
  }
  await ended;
}
