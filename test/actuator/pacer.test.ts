import { describe, expect, it } from 'vitest';
import { bucketFor, TokenBucketPacer } from '../../core/actuator/pacer.js';

/** A pacer on a virtual clock: sleeping advances time, so the test measures waits without waiting. */
function virtualPacer(buckets?: Record<string, { capacity: number; refillPerSecond: number }>, advance = true) {
  let now = 0;
  const waits: number[] = [];
  const pacer = new TokenBucketPacer({
    buckets,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      if (advance) now += ms;
    },
  });
  return { pacer, waits, elapsed: () => now };
}

describe('TokenBucketPacer', () => {
  it('uses the EC2 bucket sizes: TerminateInstances 100/5, mutating 50/5, CreateTags 100/10, reads 100/20', () => {
    expect(bucketFor('ec2:TerminateInstances')).toEqual({ capacity: 100, refillPerSecond: 5 });
    expect(bucketFor('ec2:StopInstances')).toEqual({ capacity: 50, refillPerSecond: 5 });
    expect(bucketFor('ec2:CreateTags')).toEqual({ capacity: 100, refillPerSecond: 10 });
    expect(bucketFor('ec2:DescribeVolumes')).toEqual({ capacity: 100, refillPerSecond: 20 });
  });

  it('lets a burst through, then paces at the refill rate, per API action', async () => {
    const { pacer, waits, elapsed } = virtualPacer();
    for (let call = 0; call < 50; call += 1) await pacer.take('ec2:StopInstances');
    expect(waits).toEqual([]);
    await pacer.take('ec2:StopInstances');
    expect(waits).toEqual([200]); // one token at 5 per second
    await pacer.take('ec2:TerminateInstances'); // another bucket, still full
    expect(waits).toHaveLength(1);
    for (let call = 0; call < 10; call += 1) await pacer.take('ec2:StopInstances');
    expect(elapsed()).toBe(2200);
  });

  it('concurrent callers queue behind each other instead of all going at once', async () => {
    // All three arrive at the same instant (time does not move while they wait).
    const { pacer, waits } = virtualPacer({ 'ec2:CreateTags': { capacity: 1, refillPerSecond: 1 } }, false);
    await Promise.all([pacer.take('ec2:CreateTags'), pacer.take('ec2:CreateTags'), pacer.take('ec2:CreateTags')]);
    expect(waits).toEqual([1000, 2000]);
  });
});
