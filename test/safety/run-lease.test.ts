import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LeaseLost, RunLease, runLeaseKey } from '../../core/safety/run-lease.js';
import { redisUrl, testRedis, uniquePrefix } from '../support/env.js';
import { waitFor } from '../support/wait-for.js';

let redis: Redis;
let other: Redis;

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
afterEach(() => {
  vi.useRealTimers();
});

/**
 * The renew loop's clock (its timer and Date.now) made fake, so a test moves it on at will; Redis keeps real time,
 * and waitFor still polls in real time.
 */
function fakeLoopClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}

/** Resolves once the lease at `key` has expired in Redis (its ttl ran out in real time). */
function expiryOf(key: string): Promise<boolean> {
  return waitFor(async () => (await redis.exists(key)) === 0, `${key} to expire`, { everyMs: 20 });
}

/**
 * Gives the lease a long ttl, then moves the loop's clock on by `ms` and waits for a renew to set it back to the
 * lease's own ttl: proof that the loop renewed, with no race against the real expiry.
 */
async function renewedAfter(key: string, ms: number, ttlMs: number): Promise<void> {
  await redis.pexpire(key, 60_000);
  await vi.advanceTimersByTimeAsync(ms);
  await waitFor(async () => (await redis.pttl(key)) <= ttlMs, 'the loop to renew the lease', {
    everyMs: 10,
    timeoutMs: 10_000,
  });
}

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
    expect(await redis.pttl(k)).toBeLessThanOrEqual(600);
    for (let i = 0; i < 4; i += 1) {
      // Most of its ttl gone (as 500 ms on): a renew gives it its whole ttl back.
      await redis.pexpire(k, 100);
      expect(await lease.renew()).toBe(true);
      expect(await redis.pttl(k)).toBeGreaterThan(100);
    }
    // Renewed four times past most of its ttl, the lease is still held.
    expect(await RunLease.acquire(other, k, 'run-b', 600)).toEqual({ ok: false, holder: 'run-a' });
    await expiryOf(k);
    const next = await RunLease.acquire(other, k, 'run-b', 600);
    expect(next.ok).toBe(true);
    // The expired holder cannot renew the new holder's lease.
    expect(await lease.renew()).toBe(false);
    expect(await redis.get(k)).toBe('run-b');
  });

  it('release frees it for the next run; a release by one that no longer holds it does nothing', async () => {
    const k = key();
    const stale = await leaseOf(await RunLease.acquire(redis, k, 'run-a', 200));
    await expiryOf(k);
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
    fakeLoopClock();
    lease.startRenewing({ onLost: (event) => lost.push(event) });
    // 1,000 ms of a run: a renew every third of the ttl.
    for (let i = 0; i < 5; i += 1) await renewedAfter(k, 200, 600);
    expect(await redis.get(k)).toBe('run-a');
    expect(await lease.release()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lost).toEqual([]);
    expect(await redis.get(k)).toBeNull();
  });

  it('a lost lease fires onLost once, with who took it, and renewing stops', async () => {
    const k = key();
    const lease = await leaseOf(await RunLease.acquire(redis, k, 'run-a', 300));
    const lost: LeaseLost[] = [];
    fakeLoopClock();
    lease.startRenewing({ everyMs: 50, onLost: (event) => lost.push(event) });
    await renewedAfter(k, 50, 300);
    // Someone else takes the key (an operator, or a run that saw it expire).
    await other.set(k, 'run-b', 'PX', 5_000);
    await vi.advanceTimersByTimeAsync(50);
    await waitFor(() => lost.length > 0, 'the loop to find the lease taken');
    expect(lost).toEqual([{ key: k, holder: 'run-a', takenBy: 'run-b', reason: 'taken by run-b' }]);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(lost).toHaveLength(1);
    expect(await redis.pttl(k)).toBeGreaterThan(4_000);
    expect(await redis.get(k)).toBe('run-b');
  });

  it('a lease that expired while its renewals were stalled fires onLost as expired', async () => {
    const k = key();
    const lease = await leaseOf(await RunLease.acquire(redis, k, 'run-a', 300));
    const lost: LeaseLost[] = [];
    await other.del(k);
    fakeLoopClock();
    lease.startRenewing({ everyMs: 50, onLost: (event) => lost.push(event) });
    await vi.advanceTimersByTimeAsync(50);
    await waitFor(() => lost.length > 0, 'the loop to find the lease gone');
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
    fakeLoopClock();
    lease.startRenewing({ everyMs: 50, onLost: (event) => lost.push(event) });
    own.disconnect();
    // Renewals fail from now on; the lease counts as lost only once its ttl has run out since the last renew.
    await vi.advanceTimersByTimeAsync(250);
    expect(lost).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    await waitFor(() => lost.length > 0, 'the loop to give the lease up');
    expect(lost).toEqual([
      expect.objectContaining({
        holder: 'run-a',
        takenBy: null,
        reason: expect.stringMatching(/could not be renewed in time/),
      }),
    ]);
  });
});
