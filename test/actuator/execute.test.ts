// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Effect } from '../../core/actuator/effect.js';
import { noParams } from '../../core/actuator/effects/param-shapes.js';
import { type ExecuteDeps, executePlan } from '../../core/actuator/execute.js';
import { registerEffect } from '../../core/actuator/registry.js';
import { fixedClock } from '../../core/clock.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { createLogger } from '../../core/log.js';
import type { Plan } from '../../core/plan/action.js';
import type { ActionGuard, RunGuard } from '../../core/safety/guard.js';
import { KillSwitch, killSwitchGuard } from '../../core/safety/kill-switch.js';
import { type Peer, startRedis } from '../../core/sandbox/peers.js';
import { testClients, testRedis, uniquePrefix } from '../support/env.js';
import { executeDeps, instanceAction, instanceStates, launchInstances, runContext } from './support.js';

const clients = testClients();
const clock = fixedClock('2026-11-26T10:00:00Z');
let redis: Redis;

/** An effect with batchSize 1 that touches no AWS: it lists what it applied and may run a hook after each. */
const applied: string[] = [];
let afterApply: (count: number) => Promise<void> = async () => {};
const recordingEffect: Effect = {
  kind: 'test-touch',
  description: 'records the resources it was applied to (tests)',
  permissions: ['ec2:CreateTags'],
  batchSize: 1,
  pacing: 'ec2:CreateTags',
  capped: 'instance',
  paramsSchema: noParams,
  async apply(actions) {
    for (const action of actions) applied.push(action.resource);
    await afterApply(applied.length);
    return actions.map((action) => ({ resource: action.resource, ok: true }));
  },
};
registerEffect(recordingEffect);

function touchPlan(count: number): Plan {
  return {
    monkey: 'chaos',
    target: { region: 'us-east-1' },
    actions: Array.from({ length: count }, (_, index) =>
      instanceAction('test-touch', `i-${String(index).padStart(4, '0')}`),
    ),
    skipped: [],
  };
}

function deps(overrides: Partial<ExecuteDeps> = {}): ExecuteDeps {
  return executeDeps(clients, { clock, ...overrides });
}

beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  redis.disconnect();
});

describe('executePlan', () => {
  it('dry run: every action is planned, the monkey’s skips are reported, nothing reaches AWS', async () => {
    const ids = await launchInstances(clients, 3);
    const events = new MemoryEventSink();
    const plan: Plan = {
      monkey: 'gorilla',
      target: { region: 'us-east-1', zone: 'us-east-1a' },
      actions: ids.map((id) => instanceAction('terminate-instance', id)),
      skipped: [{ resource: 'i-spared', group: 'db-prod', guard: 'opt-in', reason: 'no simian:gorilla tag' }],
    };
    clients.counter.reset();
    const report = await executePlan(plan, runContext(), deps({ events, verifyPermissions: true }));
    expect(report.dryRun).toBe(true);
    expect(report.actions.map((action) => action.status)).toEqual(['planned', 'planned', 'planned']);
    expect(report.skipped).toEqual(plan.skipped);
    expect(report.summary).toEqual({ planned: 3, done: 0, failed: 0, skipped: 1 });
    expect(report.permissions).toEqual([
      {
        kind: 'terminate-instance',
        region: 'us-east-1',
        allowed: true,
        detail: expect.stringContaining('DryRunOperation'),
      },
    ]);
    // Only the permission check's DryRun call, and the instances still run.
    expect(clients.counter.count('TerminateInstances')).toBe(1);
    expect([...(await instanceStates(clients, ids)).values()]).toEqual(['running', 'running', 'running']);
    expect(events.events.map((event) => event.type)).toEqual(['Plan', 'Skip', 'Action', 'Action', 'Action']);
    expect(events.events.every((event) => event.dryRun === true && event.monkey === 'gorilla')).toBe(true);
  });

  it('an unknown action kind is bad input: nothing is recorded or done', async () => {
    const events = new MemoryEventSink();
    const plan = { ...touchPlan(1), actions: [instanceAction('teleport-instance', 'i-1')] };
    await expect(executePlan(plan, runContext({ dryRun: false }), deps({ events }))).rejects.toThrow(
      /unknown action kind "teleport-instance" \(valid kinds: .*terminate-instance/,
    );
    expect(events.events).toHaveLength(0);
  });

  it('a run guard refusal spares every action with that guard', async () => {
    applied.length = 0;
    const calendar: RunGuard = {
      name: 'calendar',
      check: async () => ({ allow: false, guard: 'calendar', reason: 'Saturday is not a run day', scope: 'run' }),
    };
    const report = await executePlan(
      touchPlan(3),
      runContext({ dryRun: false }),
      deps({ guards: { run: [calendar], action: [] } }),
    );
    expect(applied).toEqual([]);
    expect(report.refused).toEqual({ guard: 'calendar', reason: 'Saturday is not a run day' });
    expect(report.skipped.map((skip) => skip.guard)).toEqual(['calendar', 'calendar', 'calendar']);
    expect(report.summary).toEqual({ planned: 0, done: 0, failed: 0, skipped: 3 });
  });

  it('an action guard spares one resource and lets the others through', async () => {
    applied.length = 0;
    const caps: ActionGuard = {
      name: 'caps',
      check: async (action) =>
        action.resource === 'i-0001'
          ? { allow: false, guard: 'caps', reason: 'maxPerGroup 1 reached for web-prod', scope: 'action' }
          : { allow: true },
    };
    const events = new MemoryEventSink();
    const report = await executePlan(
      touchPlan(3),
      runContext({ dryRun: false }),
      deps({ events, guards: { run: [], action: [caps] } }),
    );
    expect(applied).toEqual(['i-0000', 'i-0002']);
    expect(report.skipped).toEqual([expect.objectContaining({ resource: 'i-0001', guard: 'caps' })]);
    expect(report.refused).toBeUndefined();
    expect(events.events.find((event) => event.type === 'Skip')?.reason).toBe('maxPerGroup 1 reached for web-prod');
  });

  it('fails closed: a guard that throws refuses the run before anything is applied', async () => {
    applied.length = 0;
    const broken: ActionGuard = {
      name: 'tracker',
      check: async () => {
        throw new Error('NOSCRIPT no matching script');
      },
    };
    const report = await executePlan(
      touchPlan(2),
      runContext({ dryRun: false }),
      deps({ guards: { run: [], action: [broken] } }),
    );
    expect(applied).toEqual([]);
    expect(report.refused?.guard).toBe('tracker');
    expect(report.refused?.reason).toContain('could not be checked: NOSCRIPT');
  });

  it('a dry run goes on when a guard allows with a remark, and the remark is logged once', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'warn',
      pretty: false,
      destination: new Writable({
        write(chunk, _encoding, callback) {
          lines.push(String(chunk));
          callback();
        },
      }),
    });
    const unsure: ActionGuard = {
      name: 'kill-switch',
      check: async () => ({ allow: true, note: 'kill switch state unknown: Redis unreachable (test)' }),
    };
    const report = await executePlan(
      touchPlan(3),
      runContext(),
      deps({ logger, guards: { run: [], action: [unsure] } }),
    );
    expect(report.summary.planned).toBe(3);
    expect(lines.filter((line) => line.includes('kill switch state unknown'))).toHaveLength(1);
  });

  it('a pacer that cannot answer fails its batch unapplied, and the run still reports', async () => {
    applied.length = 0;
    const broken = {
      take: async () => {
        throw new Error('Redis unreachable (pacer)');
      },
    };
    const report = await executePlan(touchPlan(2), runContext({ dryRun: false }), deps({ pacer: broken }));
    expect(applied).toEqual([]);
    expect(report.actions.map((action) => [action.status, action.reason])).toEqual([
      ['failed', 'not applied: Redis unreachable (pacer)'],
      ['failed', 'not applied: Redis unreachable (pacer)'],
    ]);
    expect(report.summary.failed).toBe(2);
  });

  it('kill switch turned on during a 200-action armed run: no action starts after it is seen', async () => {
    applied.length = 0;
    const prefix = uniquePrefix('exec-kill');
    const timeline = new RedisTimeline(redis, { prefix });
    const killSwitch = new KillSwitch({ redis, prefix, events: timeline, clock });
    afterApply = async (count) => {
      if (count === 50) await killSwitch.set(true, 'oncall', 'payments incident');
    };
    const report = await executePlan(
      touchPlan(200),
      runContext({ dryRun: false }),
      deps({ events: timeline, guards: { run: [], action: [killSwitchGuard(() => killSwitch)] } }),
    );
    afterApply = async () => {};
    expect(applied).toHaveLength(50);
    expect(report.summary).toEqual({ planned: 0, done: 50, failed: 0, skipped: 150 });
    expect(report.refused?.guard).toBe('kill-switch');
    expect(report.refused?.reason).toContain('payments incident');
    expect(new Set(report.skipped.map((skip) => skip.guard))).toEqual(new Set(['kill-switch']));
    // The timeline shows where it stopped: the 50th action, the kill switch, then the refusal.
    const events = await timeline.query({ limit: 10_000 });
    const types = events.map((event) => event.type);
    const refusedAt = types.indexOf('Refused');
    expect(types.filter((type) => type === 'Action')).toHaveLength(50);
    expect(types.lastIndexOf('Action')).toBeLessThan(refusedAt);
    expect(types.indexOf('KillSwitch')).toBeLessThan(refusedAt);
    expect(events[refusedAt]?.actionsDone).toBe(50);
    expect(events.filter((event) => event.type === 'Skip')).toHaveLength(150);
  });

  it('fails closed when Redis goes away mid-run: no further action, and the report says why', async () => {
    applied.length = 0;
    let peer: Peer | undefined = await startRedis();
    const { Redis: RedisClient } = await import('ioredis');
    const dedicated = new RedisClient(peer.url, { maxRetriesPerRequest: null });
    dedicated.on('error', () => {}); // the outage is the point of this test
    const prefix = uniquePrefix('exec-down');
    const timeline = new RedisTimeline(dedicated, { prefix, timeoutMs: 50 });
    const killSwitch = new KillSwitch({ redis: dedicated, prefix, events: timeline, clock, timeoutMs: 300 });
    afterApply = async (count) => {
      if (count === 5 && peer) {
        await peer.stop();
        peer = undefined;
      }
    };
    try {
      const report = await executePlan(
        touchPlan(20),
        runContext({ dryRun: false }),
        deps({ events: timeline, guards: { run: [], action: [killSwitchGuard(() => killSwitch)] } }),
      );
      expect(applied).toHaveLength(5);
      expect(report.summary).toMatchObject({ done: 5, skipped: 15 });
      expect(report.refused?.guard).toBe('kill-switch');
      expect(report.refused?.reason).toMatch(/kill switch state unknown: Redis unreachable/);
    } finally {
      afterApply = async () => {};
      dedicated.disconnect();
      await peer?.stop();
    }
  });
});
