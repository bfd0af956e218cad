// The effects' kinds (what counts against the caps) are registered by the monkeys.
import '../../monkeys/index.js';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { type KillAttempt, Tracker, trackerGuard } from '../../core/safety/tracker.js';
import { freePort } from '../../core/sandbox/peers.js';
import { MOTO_ACCOUNT, redisUrl, testRedis, uniquePrefix } from '../support/env.js';
import { runContext, terminateAction } from './run-context.js';

const redis = testRedis();
afterAll(() => redis.quit());

const HOUR = 3_600_000;

function attempt(resource: string, overrides: Partial<KillAttempt> = {}): KillAttempt {
  return {
    account: MOTO_ACCOUNT,
    region: 'us-east-1',
    group: 'web-prod',
    resource,
    runId: 'run-1',
    minTimeBetweenKillsMs: HOUR,
    maxPerDay: 2,
    record: true,
    ...overrides,
  };
}

function tracker(prefix: string, clock = fixedClock('2026-12-01T17:00:00Z'), client: Redis = redis) {
  return new Tracker({ redis: client, prefix, clock, timeZone: 'America/Los_Angeles', timeoutMs: 500 });
}

describe('tracker', () => {
  it('holds kills of different runs apart by the minimum time, then allows the next', async () => {
    const clock = fixedClock('2026-12-01T17:00:00Z');
    const t = tracker(uniquePrefix('tr'), clock);
    expect(await t.checkAndRecordKill(attempt('i-1', { runId: 'a' }))).toEqual({ allowed: true });
    clock.advance(20 * 60_000);
    expect(await t.checkAndRecordKill(attempt('i-2', { runId: 'b' }))).toEqual({
      allowed: false,
      reason: 'group web-prod lost an instance 20m ago (minTimeBetweenKills 1h)',
    });
    clock.advance(HOUR);
    expect(await t.checkAndRecordKill(attempt('i-2', { runId: 'b' }))).toEqual({ allowed: true });
  });

  it('caps kills per day per group and starts afresh at midnight in the calendar zone', async () => {
    const clock = fixedClock('2026-12-01T17:00:00Z');
    const t = tracker(uniquePrefix('tr'), clock);
    expect((await t.checkAndRecordKill(attempt('i-1'))).allowed).toBe(true);
    expect((await t.checkAndRecordKill(attempt('i-2'))).allowed).toBe(true);
    expect(await t.checkAndRecordKill(attempt('i-3'))).toEqual({
      allowed: false,
      reason: 'group web-prod already had 2 kill(s) on 2026-12-01 (maxPerDayPerGroup 2)',
    });
    // 07:59 UTC on Dec 2 is still Dec 1 in Los Angeles; 08:00 is midnight there.
    clock.set('2026-12-02T07:59:00Z');
    expect((await t.checkAndRecordKill(attempt('i-3'))).allowed).toBe(false);
    clock.set('2026-12-02T08:00:00Z');
    expect((await t.checkAndRecordKill(attempt('i-3'))).allowed).toBe(true);
  });

  it('allows a re-delivered attempt on an already recorded resource without counting it twice', async () => {
    const t = tracker(uniquePrefix('tr'));
    expect((await t.checkAndRecordKill(attempt('i-1', { maxPerDay: 1 }))).allowed).toBe(true);
    expect((await t.checkAndRecordKill(attempt('i-1', { maxPerDay: 1, runId: 'retry' }))).allowed).toBe(true);
    expect((await t.checkAndRecordKill(attempt('i-2', { maxPerDay: 1 }))).allowed).toBe(false);
  });

  it('a dry run checks without using up the allowance', async () => {
    const t = tracker(uniquePrefix('tr'));
    expect((await t.checkAndRecordKill(attempt('i-1', { maxPerDay: 1, record: false }))).allowed).toBe(true);
    expect((await t.checkAndRecordKill(attempt('i-2', { maxPerDay: 1, record: true }))).allowed).toBe(true);
  });

  describe('20 workers on 20 connections at once', () => {
    const clients = Array.from({ length: 20 }, () => new Redis(redisUrl(), { maxRetriesPerRequest: null }));
    afterAll(() => Promise.all(clients.map((client) => client.quit())));

    it('allow exactly maxPerDay distinct kills', async () => {
      const prefix = uniquePrefix('tr');
      const results = await Promise.all(
        clients.map((client, index) =>
          tracker(prefix, undefined, client).checkAndRecordKill(attempt(`i-${index}`, { maxPerDay: 3 })),
        ),
      );
      expect(results.filter((result) => result.allowed)).toHaveLength(3);
    });

    it('allow exactly one kill of different runs within the minimum time', async () => {
      const prefix = uniquePrefix('tr');
      const results = await Promise.all(
        clients.map((client, index) =>
          tracker(prefix, undefined, client).checkAndRecordKill(
            attempt(`i-${index}`, { runId: `run-${index}`, maxPerDay: 20 }),
          ),
        ),
      );
      expect(results.filter((result) => result.allowed)).toHaveLength(1);
    });
  });

  describe('guard', () => {
    it('skips an action over the daily cap with the reason', async () => {
      const t = tracker(uniquePrefix('tr'));
      const guard = trackerGuard(() => t);
      const run = runContext({ dryRun: false });
      expect(await guard.check(terminateAction('i-1', 'web-prod'), run)).toEqual({ allow: true });
      expect(await guard.check(terminateAction('i-2', 'web-prod'), run)).toEqual({
        allow: false,
        guard: 'tracker',
        scope: 'action',
        reason: 'group web-prod already had 1 kill(s) on 2026-12-01 (maxPerDayPerGroup 1)',
      });
    });

    it('fails closed for an armed run when Redis is unreachable; a dry run goes on, recording nothing', async () => {
      // A connection that gives up at once: the command fails instead of waiting for the deadline.
      const closed = new Redis({
        host: '127.0.0.1',
        port: await freePort(),
        lazyConnect: true,
        retryStrategy: () => null,
      });
      closed.on('error', () => {});
      try {
        const guard = trackerGuard(() => tracker(uniquePrefix('tr'), undefined, closed));
        const action = terminateAction('i-1', 'web-prod');
        expect(await guard.check(action, runContext({ dryRun: false }))).toMatchObject({
          allow: false,
          guard: 'tracker',
          scope: 'run',
          reason: expect.stringMatching(/^kill tracker state unknown: Redis unreachable/),
        });
        expect(await guard.check(action, runContext({ dryRun: true }))).toMatchObject({
          allow: true,
          note: expect.stringMatching(/nothing recorded$/),
        });
      } finally {
        closed.disconnect();
      }
    });
  });
});
