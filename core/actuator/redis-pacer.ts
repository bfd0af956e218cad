import type { RedisClient } from '../redis/connection.js';
import { type BucketSize, bucketFor, type Pacer } from './pacer.js';

/**
 * Takes `count` tokens if the bucket holds them, else answers how many ms until it will. Time is Redis' own, so
 * every worker shares one clock and one bucket.
 * KEYS[1] bucket; ARGV capacity, refill per second, count. Returns wait in ms (0 = taken).
 */
const TAKE = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local count = math.min(tonumber(ARGV[3]), capacity)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local wait = 0
if tokens >= count then
  tokens = tokens - count
else
  wait = math.ceil((count - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 60000)
return wait
`;

export interface RedisPacerOptions {
  /** Key prefix (config redis.prefix). */
  readonly prefix: string;
  /** Bucket sizes per AWS action over the EC2 defaults of pacer.ts (config fleet.pacing). */
  readonly buckets?: Readonly<Record<string, BucketSize>>;
  /** One bucket set per account and region, as AWS counts them. */
  readonly scope?: string;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The fleet's pacer: one token bucket per AWS action in Redis, taken atomically by a Lua script, so all workers
 * together stay under the account's limits. If Redis cannot answer, `take` rejects: no call goes out unpaced.
 */
export class RedisPacer implements Pacer {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisPacerOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  bucketOf(apiAction: string): BucketSize {
    return bucketFor(apiAction, this.options.buckets);
  }

  /** Waits until `count` calls (or resources of one batched call) of `apiAction` may go out. */
  async take(apiAction: string, count = 1): Promise<void> {
    const bucket = this.bucketOf(apiAction);
    const key = [this.options.prefix, 'pace', this.options.scope ?? 'default', apiAction].join(':');
    for (;;) {
      const wait = Number(
        await this.redis.eval(TAKE, 1, key, bucket.capacity, bucket.refillPerSecond, Math.max(1, count)),
      );
      if (wait <= 0) return;
      await this.sleep(wait);
    }
  }
}
