import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from '../config/redis-schema.js';
import { redactUrl } from '../log.js';

/** One Redis server, a Redis Cluster or a Sentinel-monitored primary: every command simian sends works on each. */
export type RedisClient = Redis | Cluster;

/** Where to connect: config `redis` (url, cluster or sentinels), or a bare redis:// URL (tests, tools). */
export type RedisTarget = string | Pick<RedisConfig, 'url' | 'cluster' | 'sentinels' | 'sentinelName'>;

const node = (hostPort: string) => {
  const at = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)) };
};

/**
 * The one place a Redis client is built, for whichever topology the config names. `retry: false` gives up at once
 * (no reconnect, no sentinel or cluster retries): a one-shot command ends in seconds when nothing answers.
 */
export function connectRedis(target: string, options: RedisOptions, retry?: boolean): Redis;
export function connectRedis(target: RedisTarget, options: RedisOptions, retry?: boolean): RedisClient;
export function connectRedis(target: RedisTarget, options: RedisOptions, retry = true): RedisClient {
  const never = () => null;
  const give = retry ? {} : { retryStrategy: never };
  if (typeof target === 'string') return new Redis(target, { ...options, ...give });
  if (target.cluster) {
    return new Cluster(target.cluster.map(node), {
      // BullMQ reads the per-node options: its blocking commands need maxRetriesPerRequest: null there.
      redisOptions: options,
      enableReadyCheck: true,
      ...(retry ? {} : { clusterRetryStrategy: never }),
    });
  }
  if (target.sentinels) {
    return new Redis({
      ...options,
      ...give,
      sentinels: target.sentinels.map(node),
      name: target.sentinelName,
      // Follow a failover at once (the sentinels announce it) and, should a command still reach the demoted
      // primary, reconnect to the new one and resend it.
      failoverDetector: true,
      reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
      ...(retry ? {} : { sentinelRetryStrategy: never }),
    });
  }
  return new Redis(target.url, { ...options, ...give });
}

/** The target in words for an error sentence (a password in a URL is redacted). */
export function describeRedis(target: RedisTarget): string {
  if (typeof target === 'string') return `Redis at ${redactUrl(target)}`;
  if (target.cluster) return `the Redis Cluster at ${target.cluster.join(', ')}`;
  if (target.sentinels)
    return `the Redis primary "${target.sentinelName}" via sentinels ${target.sentinels.join(', ')}`;
  return `Redis at ${redactUrl(target.url)}`;
}

/**
 * An ioredis connection fit for BullMQ: `maxRetriesPerRequest: null` (workers block on Redis and must survive a
 * Redis restart by reconnecting, not by failing the command).
 */
export function openRedis(target: string, name?: string, logger?: Logger): Redis;
export function openRedis(target: RedisTarget, name?: string, logger?: Logger): RedisClient;
export function openRedis(target: RedisTarget, name = 'simian', logger?: Logger): RedisClient {
  const redis = connectRedis(target, { maxRetriesPerRequest: null, connectionName: name, enableReadyCheck: true });
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
export function openOneShotRedis(target: string, logger?: Logger): Redis;
export function openOneShotRedis(target: RedisTarget, logger?: Logger): RedisClient;
export function openOneShotRedis(target: RedisTarget, logger?: Logger): RedisClient {
  const redis = connectRedis(target, { connectTimeout: 2000, maxRetriesPerRequest: 0 }, false);
  redis.on('error', (error: Error) => logger?.debug({ err: error }, 'redis connection error'));
  return redis;
}

/**
 * Closes a connection and waits (briefly) until it has ended. An unreachable Redis gets a hard disconnect at once:
 * QUIT would wait for it, and a reconnecting client never emits 'end' on its own.
 */
export async function closeRedis(redis: RedisClient, waitMs = 2000): Promise<void> {
  if (redis.status === 'end') return;
  if (redis instanceof Cluster && redis.status !== 'ready') {
    // A cluster that never reached a node has no connection to close and would never emit 'end'.
    redis.disconnect();
    return;
  }
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
    if (redis instanceof Redis) redis.stream?.destroy();
  }
  await ended;
}
