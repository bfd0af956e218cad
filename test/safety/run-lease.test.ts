import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeaseLost, RunLease, runLeaseKey } from '../../core/safety/run-lease.js';
import { redisUrl, testRedis, uniquePrefix } from '../support/env.js';

let redis: Redis;
let other: Redis;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function key(target = 'us-east-1a'): string {
  return runLeaseKey(uniquePrefix('lease'), {
    account: '123456789012',
    region: 'us-east-1',
    monkey: 'gorilla',
    target,
  });
}

async function leaseOf(result: Awaited<ReturnType<typeof RunLease.acquire>>): Promise<RunLease> {
  if (!result.ok) throw new Error(`expected the lease, ${result.holder} holds it`);
  return result.lease;
}

beforeAll(() => {
  redis = testRedis();
  // A second connection stands for another worker.
  other = new Redis(redisUrl(), { maxRetriesPerRequest: null });
});
afterAll(() => {
  redis.disconnect();
  other.disconnect();
});

describe('run lease (real Redis)', () => {
  it('has the documented key shape', () => {
    expect(runLeaseKey('simian', { account: '1', region: 'eu-west-1', monkey: 'chaos', target: 'web-prod' })).toBe(
      'simian:lease:1:eu-west-1:chaos:web-prod',
    );
  });

  it('two acquirers at once: exactly one wins, the other is told who holds it', async () => {
    const k = key();
    const results = await Promise.all([
      RunLease.acquire(redis, k, 'run-a', 5_000),
      RunLease.acquire(other, k, 'run-b', 5_000),
    ]);
    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    const winner = ((await leaseOf(winners[0] as (typeof results)[number])) as RunLease).holder;
    const loser = results.find((result) => !result.ok);
    expect(loser).toEqual({ ok: false, holder: winner });
    expect(await redis.get(k)).toBe(winner);
  });

  it('renew keeps it past its ttl; expiry lets the other in', async () => {
    const k = key();
    const lease = await leaseOf(await RunLease.acquire(redis, k, 'run-a', 600));
    for (let i = 0; i < 4; i += 1) {
      await sleep(200);
      expect(await lease.renew()).toBe(true);
    }
    // 800 ms after it was taken, a 600 ms lease is still held.
    expect(await RunLease.acquire(other, k, 'run-b', 600)).toEqual({ ok: false, holder: 'run-a' });
    await sleep(700);
    const next = await RunLease.acquire(other, k, 'run-b', 600);
    expect(next.ok).toBe(true);
    // The expired holder cannot renew the new holder's lease.
    expect(await lease.renew()).toBe(false);
    expect(await redis.get(k)).toBe('run-b');
  });

  it('release frees it for the next run; a release by one that no longer holds it does nothing', async () => {
    const k = key();
    const stale = await leaseOf(await RunLease.acquire(redis, k, 'run-a', 200));
    await sleep(300);
    const current = await leaseOf(await RunLease.acquire(other, k, 'run-b', 5_000));
    expect(await stale.release()).toBe(false);
    expect(await redis.get(k)).toBe('run-b');
    expect(await current.release()).toBe(true);
    expect(await redis.get(k)).toBeNull();
    expect((await RunLease.acquire(redis, k, 'run-c', 5_000)).ok).toBe(true);
  });

  it('the renew loop keeps the lease while the run lasts, and stops on release', async () => {
    const k = key();
    const lease = await leaseOf(await RunLease.acquire(redis, k, 'run-a', 600));
    const lost: LeaseLost[] = [];
    lease.startRenewing({ onLost: (event) => lost.push(event) });
    await sleep(1_500);
    expect(await redis.get(k)).toBe('run-a');
    expect(await lease.release()).toBe(true);
    await sleep(200);
    expect(lost).toEqual([]);
    expect(await redis.get(k)).toBeNull();
  });

  it('a lost lease fires onLost once, with who took it, and renewing stops', async () => {
    const k = key();
    const lease = await leaseOf(await RunLease.acquire(redis, k, 'run-a', 300));
    const lost: LeaseLost[] = [];
    lease.startRenewing({ everyMs: 50, onLost: (event) => lost.push(event) });
    await sleep(120);
    // Someone else takes the key (an operator, or a run that saw it expire).
    await other.set(k, 'run-b', 'PX', 5_000);
    await sleep(250);
    expect(lost).toEqual([{ key: k, holder: 'run-a', takenBy: 'run-b', reason: 'taken by run-b' }]);
    await sleep(150);
    expect(lost).toHaveLength(1);
    expect(await redis.pttl(k)).toBeGreaterThan(4_000);
    expect(await redis.get(k)).toBe('run-b');
  });

  it('a lease that expired while its renewals were stalled fires onLost as expired', async () => {
    const k = key();
    const lease = await leaseOf(await RunLease.acquire(redis, k, 'run-a', 300));
    const lost: LeaseLost[] = [];
    await other.del(k);
    lease.startRenewing({ everyMs: 50, onLost: (event) => lost.push(event) });
    await sleep(150);
    expect(lost).toEqual([{ key: k, holder: 'run-a', takenBy: null, reason: 'expired: nobody holds it' }]);
  });

  it('refuses a lease without a holder or with a bad ttl', async () => {
    await expect(RunLease.acquire(redis, key(), '', 1_000)).rejects.toThrow(/holder/);
    await expect(RunLease.acquire(redis, key(), 'run-a', 0)).rejects.toThrow(/ttl/);
  });

  it('a lease whose Redis stops answering fires onLost once its ttl has run out without a renew', async () => {
    const k = key();
    const own = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    own.on('error', () => {});
    const lease = await leaseOf(await RunLease.acquire(own, k, 'run-a', 300, { timeoutMs: 100 }));
    const lost: LeaseLost[] = [];
    lease.startRenewing({ everyMs: 50, onLost: (event) => lost.push(event) });
    own.disconnect();
    await sleep(600);
    expect(lost).toEqual([
      expect.objectContaining({
        holder: 'run-a',
        takenBy: null,
        reason: expect.stringMatching(/could not be renewed in time/),
      }),
    ]);
  });
});
