import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPacer } from '../../core/actuator/redis-pacer.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { redisUrl, uniquePrefix } from '../support/env.js';

describe('RedisPacer', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = openRedis(redisUrl());
  });
  afterAll(() => closeRedis(redis));

  const pacer = (prefix: string, waits: number[]) =>
    new RedisPacer(redis, {
      prefix,
      buckets: { 'ec2:StopInstances': { capacity: 3, refillPerSecond: 20 } },
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    });

  it('two workers share one bucket per AWS action: the second waits once the first has spent it', async () => {
    const prefix = uniquePrefix('pace');
    const firstWaits: number[] = [];
    const secondWaits: number[] = [];
    const first = pacer(prefix, firstWaits);
    const second = pacer(prefix, secondWaits);
    await first.take('ec2:StopInstances', 3);
    expect(firstWaits).toEqual([]);
    await second.take('ec2:StopInstances');
    expect(secondWaits.length).toBeGreaterThan(0);
    expect(secondWaits[0]).toBeLessThanOrEqual(50);
  });

  it('other actions keep their own buckets, sized from the EC2 defaults', async () => {
    const prefix = uniquePrefix('pace');
    const waits: number[] = [];
    const shared = pacer(prefix, waits);
    await shared.take('ec2:StopInstances', 3);
    await shared.take('ec2:TerminateInstances', 100);
    await shared.take('ec2:DescribeInstances', 50);
    expect(waits).toEqual([]);
    expect(shared.bucketOf('ec2:TerminateInstances')).toEqual({ capacity: 100, refillPerSecond: 5 });
  });

  it('fails closed: with Redis unreachable, take rejects instead of letting a call go out unpaced', async () => {
    const dead = openRedis('redis://127.0.0.1:1');
    dead.options.maxRetriesPerRequest = 0;
    const unreachable = new RedisPacer(dead, { prefix: uniquePrefix('pace') });
    await expect(unreachable.take('ec2:TerminateInstances')).rejects.toThrow();
    dead.disconnect();
  });
});
