import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimianEvent } from '../../core/events/event.js';
import { exitCodeOf } from '../../core/run/run-monkey.js';
import { RunLease, runLeaseKey } from '../../core/safety/run-lease.js';
import { freePort } from '../../core/sandbox/peers.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { gorillaConfig, gorillaSandbox, runDeps } from '../monkeys/gorilla-harness.js';
import { MOTO_ACCOUNT } from '../support/env.js';

const REGION = 'us-east-1';
const sandbox = gorillaSandbox({
  region: REGION,
  zones: ['us-east-1a'],
  groups: [
    { name: 'refused-web', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: 2 },
    { name: 'refused-db', tags: {}, instancesPerZone: 1 },
  ],
  snapshots: 0,
});
const { clients, redis } = sandbox;

let down: Redis | undefined;
afterAll(() => down?.disconnect());

const armedGorilla = (runId: string) => ({
  monkey: 'gorilla',
  region: REGION,
  params: { zone: 'us-east-1a' },
  manual: true,
  flagDryRun: false,
  runId,
});

/** The timeline's refusal events, with the fields every refusal carries. */
function refusalsIn(events: readonly SimianEvent[]) {
  return events.filter((event) => event.type === 'Refused');
}

describe('a refused run is recorded and reported the same way, whichever guard refused it', () => {
  it('Redis down: an armed run is refused (guard redis, exit 3) and the refusal is on the timeline', async () => {
    // A worker-like connection to a port nobody listens on: the ping fails and the run fails closed.
    down = new Redis({ host: '127.0.0.1', port: await freePort(), maxRetriesPerRequest: null, lazyConnect: true });
    down.on('error', () => {});
    const { deps, events } = runDeps(gorillaConfig(), clients, down);
    const report = await runMonkey(armedGorilla('refused-redis'), deps);

    expect(report.refused).toEqual({
      guard: 'redis',
      reason: expect.stringMatching(/^an armed run needs Redis for the kill switch, caps, tracker and reverts: /),
    });
    expect(exitCodeOf(report)).toBe(3);
    expect(report.actions).toEqual([]);
    // What the plan spared is still reported, as with any refusal after the plan.
    expect(report.skipped.map((skip) => skip.group)).toEqual(['refused-db']);
    expect(report.summary).toEqual({ planned: 0, done: 0, failed: 0, skipped: 1 });
    expect(refusalsIn(events.events)).toEqual([
      expect.objectContaining({
        type: 'Refused',
        monkey: 'gorilla',
        dryRun: false,
        runId: 'refused-redis',
        account: MOTO_ACCOUNT,
        region: REGION,
        guard: 'redis',
        reason: report.refused?.reason,
        desc: `gorilla run refused by redis: ${report.refused?.reason}`,
      }),
    ]);
  });

  it('no Redis connection at all: the same refusal, recorded the same way', async () => {
    const { deps, events } = runDeps(gorillaConfig(), clients, null);
    const report = await runMonkey(armedGorilla('refused-no-redis'), deps);
    expect(report.refused).toEqual({
      guard: 'redis',
      reason: 'an armed run needs Redis for the kill switch, caps, tracker and reverts: no Redis connection',
    });
    expect(refusalsIn(events.events).map((event) => [event.guard, event.reason])).toEqual([
      ['redis', report.refused?.reason],
    ]);
  });

  it('the redis, concurrent-run and armed refusals carry the same event fields', async () => {
    const config = gorillaConfig({ caps: {} });
    const key = runLeaseKey(config.redis.prefix, {
      account: MOTO_ACCOUNT,
      region: REGION,
      monkey: 'gorilla',
      target: 'us-east-1a',
    });
    const held = await RunLease.acquire(redis, key, 'gorilla-holder@host:1', 30_000);
    if (!held.ok) throw new Error('the lease should be free');
    try {
      const concurrent = runDeps(config, clients, redis);
      const leased = await runMonkey(armedGorilla('refused-leased'), concurrent.deps);
      expect(leased.refused?.guard).toBe('concurrent-run');

      const unarmed = runDeps(gorillaConfig({ armed: false }), clients, redis);
      const notArmed = await runMonkey(armedGorilla('refused-unarmed'), unarmed.deps);
      expect(notArmed.refused?.guard).toBe('armed');

      const noRedis = runDeps(config, clients, null);
      await runMonkey(armedGorilla('refused-none'), noRedis.deps);

      const fields = (events: readonly SimianEvent[]) => refusalsIn(events).map((event) => Object.keys(event).sort());
      const [redisFields] = fields(noRedis.events.events);
      expect(redisFields).toBeDefined();
      expect(fields(concurrent.events.events)).toEqual([redisFields]);
      expect(fields(unarmed.events.events)).toEqual([redisFields]);
    } finally {
      await held.lease.release();
    }
  });
});
