import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { KillSwitch, killSwitchGuard } from '../../core/safety/kill-switch.js';
import { freePort } from '../../core/sandbox/peers.js';
import { testRedis, uniquePrefix } from '../support/env.js';
import { runContext, terminateAction } from './run-context.js';

const redis = testRedis();
afterAll(() => redis.quit());

const clock = fixedClock('2026-12-01T17:00:00Z');

function killSwitchOn(client: Redis, prefix = uniquePrefix('ks')) {
  const events = new MemoryEventSink();
  return { events, killSwitch: new KillSwitch({ redis: client, prefix, events, clock, timeoutMs: 500 }) };
}

describe('kill switch', () => {
  it('is off until someone sets it', async () => {
    const { killSwitch } = killSwitchOn(redis);
    expect(await killSwitch.status()).toEqual({ on: false, who: null, why: null, at: null });
  });

  it('turns on and off, says who and why, and records each change as an event', async () => {
    const { killSwitch, events } = killSwitchOn(redis);
    await killSwitch.set(true, 'alice', 'game day over');
    expect(await killSwitch.status()).toEqual({
      on: true,
      who: 'alice',
      why: 'game day over',
      at: '2026-12-01T17:00:00.000Z',
    });
    await killSwitch.set(false, 'bob', 'resume');
    expect((await killSwitch.status()).on).toBe(false);
    expect(events.events.map((event) => [event.type, event.on, event.who, event.reason])).toEqual([
      ['KillSwitch', true, 'alice', 'game day over'],
      ['KillSwitch', false, 'bob', 'resume'],
    ]);
  });

  it('stops every action of a run the moment it is on', async () => {
    const { killSwitch } = killSwitchOn(redis);
    const guard = killSwitchGuard(() => killSwitch);
    const action = terminateAction('i-0abc', 'web-prod');
    expect(await guard.check(action, runContext({ dryRun: false }))).toEqual({ allow: true });
    await killSwitch.set(true, 'alice', 'incident 42');
    expect(await guard.check(action, runContext({ dryRun: false }))).toEqual({
      allow: false,
      guard: 'kill-switch',
      scope: 'run',
      reason: 'kill switch is on (set by alice at 2026-12-01T17:00:00.000Z: incident 42)',
    });
  });

  it('counts a corrupted value as on', async () => {
    const prefix = uniquePrefix('ks');
    await redis.set(`${prefix}:killswitch`, 'garbage');
    const { killSwitch } = killSwitchOn(redis, prefix);
    expect((await killSwitch.status()).on).toBe(true);
  });

  describe('with Redis unreachable', () => {
    let closed: Redis;
    afterAll(() => closed.disconnect());

    it('refuses an armed run and lets a dry run go on with the reason noted', async () => {
      const port = await freePort();
      // Like a worker connection: retries forever, so only the safety deadline ends the wait.
      closed = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null, lazyConnect: true });
      closed.on('error', () => {});
      const { killSwitch } = killSwitchOn(closed);
      const guard = killSwitchGuard(() => killSwitch);
      const action = terminateAction('i-0abc', 'web-prod');
      const armed = await guard.check(action, runContext({ dryRun: false }));
      expect(armed).toMatchObject({
        allow: false,
        guard: 'kill-switch',
        scope: 'run',
        reason: expect.stringMatching(/^kill switch state unknown: Redis unreachable \(/),
      });
      expect(await guard.check(action, runContext({ dryRun: true }))).toMatchObject({
        allow: true,
        note: expect.stringMatching(/^kill switch state unknown: Redis unreachable/),
      });
    });
  });
});
