// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { StopInstancesCommand } from '@aws-sdk/client-ec2';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executePlan } from '../../core/actuator/execute.js';
import { unpaced } from '../../core/actuator/pacer.js';
import { applyDueReverts, applyRevert, type RevertDeps, revertNow } from '../../core/actuator/revert-apply.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { fixedClock } from '../../core/clock.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { MOTO_ACCOUNT, redisUrl, testClients, testRedis, uniquePrefix } from '../support/env.js';
import {
  executeDeps,
  instanceAction,
  instanceStates,
  launchInstances,
  quietLogger,
  REGION,
  runContext,
} from './support.js';

const clients = testClients();
let redis: Redis;
let ids: string[] = [];

const meta = (runId: string) => ({
  runId,
  monkey: 'chaos' as const,
  appliedKind: 'stop-instance',
  group: 'web-prod',
  zone: 'us-east-1a',
});
const startSpec = (resource: string) => ({
  kind: 'start-instance',
  resource,
  account: MOTO_ACCOUNT,
  region: REGION,
  params: {},
});

function revertDeps(
  registry: RevertRegistry,
  clock = fixedClock('2026-11-26T10:00:00Z'),
): RevertDeps & { events: MemoryEventSink } {
  return { registry, clients, pacer: unpaced, events: new MemoryEventSink(), logger: quietLogger, clock };
}

async function stop(instanceIds: string[]) {
  await clients.ec2({ region: REGION }).send(new StopInstancesCommand({ InstanceIds: instanceIds }));
}

beforeAll(async () => {
  redis = testRedis();
  ids = await launchInstances(clients, 6);
});
afterAll(() => redis.disconnect());

describe('revert registry', () => {
  it('register → due at its deadline → apply → a second apply is a no-op', async () => {
    const [id0] = ids as [string];
    await stop([id0]);
    const registry = new RevertRegistry(redis, { prefix: uniquePrefix('rv') });
    const dueAt = new Date('2026-11-26T10:30:00Z');
    const revertId = await registry.register(startSpec(id0), dueAt, meta('run-1'));
    expect(await registry.due(new Date('2026-11-26T10:29:59Z'))).toEqual([]);
    expect((await registry.due(dueAt)).map((record) => record.id)).toEqual([revertId]);

    const deps = revertDeps(registry);
    const first = await applyRevert(revertId, deps);
    expect(first.status).toBe('done');
    expect((await instanceStates(clients, [id0])).get(id0)).toMatch(/pending|running/);
    expect(deps.events.events.map((event) => [event.type, event.resource, event.revertId])).toEqual([
      ['Revert', id0, revertId],
    ]);

    const second = await applyRevert(revertId, deps);
    expect(second).toMatchObject({ status: 'noop', detail: 'already applied' });
    expect(await registry.pending()).toEqual([]);
    expect((await registry.get(revertId))?.status).toBe('done');
  });

  it('registering the same revert twice (a retried job) keeps one, with the first captured state', async () => {
    const registry = new RevertRegistry(redis, { prefix: uniquePrefix('rv') });
    const first = await registry.register({ ...startSpec('i-1'), params: { groups: ['sg-a'] } }, null, meta('run-2'));
    const again = await registry.register({ ...startSpec('i-1'), params: { groups: ['sg-b'] } }, null, meta('run-2'));
    expect(again).toBe(first);
    const pending = await registry.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]?.spec.params).toEqual({ groups: ['sg-a'] });
    // No deadline: pending, but never due on its own.
    expect(await registry.due(new Date('2100-01-01T00:00:00Z'))).toEqual([]);
  });

  it('a revert registered by one process is applied by another; a revert of something already normal is `already`', async () => {
    const [, id1] = ids as [string, string];
    const prefix = uniquePrefix('rv');
    const registering = new RevertRegistry(redis, { prefix });
    const revertId = await registering.register(startSpec(id1), new Date('2026-11-26T10:00:00Z'), meta('run-3'));
    const otherConnection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    try {
      const applying = new RevertRegistry(otherConnection, { prefix });
      const results = await applyDueReverts(revertDeps(applying));
      // The instance was never stopped: starting it is already done.
      expect(results).toEqual([expect.objectContaining({ id: revertId, status: 'already' })]);
      expect((await registering.get(revertId))?.status).toBe('done');
    } finally {
      otherConnection.disconnect();
    }
  });

  it("a revert's job killed mid-revert takes it over when it runs again; any other applier waits out the lease", async () => {
    const id5 = ids[5] as string;
    await stop([id5]);
    const registry = new RevertRegistry(redis, { prefix: uniquePrefix('rv') });
    const revertId = await registry.register(startSpec(id5), new Date(0), meta('run-5'));
    // The first run of the job claimed it and its worker died before applying it: the claim stays behind.
    expect(await registry.claim(revertId, new Date('2026-11-26T10:00:00Z'), 'revert-job')).not.toBeNull();
    const deps = revertDeps(registry, fixedClock('2026-11-26T10:00:05Z'));
    expect(await applyRevert(revertId, deps)).toMatchObject({ status: 'noop', detail: 'being applied elsewhere' });
    expect(await applyRevert(revertId, deps, 'another-job')).toMatchObject({ status: 'noop' });
    expect((await applyRevert(revertId, deps, 'revert-job')).status).toBe('done');
    expect((await instanceStates(clients, [id5])).get(id5)).toMatch(/pending|running/);
    expect(await registry.pending()).toEqual([]);
  });

  it('a failed revert stays open for another try', async () => {
    const registry = new RevertRegistry(redis, { prefix: uniquePrefix('rv') });
    const revertId = await registry.register(startSpec('i-00000000000000bad'), new Date(0), meta('run-4'));
    const result = await applyRevert(revertId, revertDeps(registry));
    expect(result.status).toBe('failed');
    expect(result.detail).toContain('does not exist');
    expect((await registry.pending()).map((record) => [record.id, record.status])).toEqual([[revertId, 'failed']]);
  });

  it('armed stop-instance registers its revert before applying, and revertNow undoes it early', async () => {
    const [, , id2, id3] = ids as [string, string, string, string];
    const registry = new RevertRegistry(redis, { prefix: uniquePrefix('rv') });
    const events = new MemoryEventSink();
    const run = runContext({ dryRun: false });
    const report = await executePlan(
      {
        monkey: 'chaos',
        target: { region: REGION },
        actions: [id2, id3].map((id) => instanceAction('stop-instance', id, { durationMs: 600_000 })),
        skipped: [],
      },
      run,
      executeDeps(clients, { events, reverts: registry }),
    );
    expect(report.actions.map((action) => [action.status, action.revertAt])).toEqual([
      ['done', '2026-11-26T10:10:00.000Z'],
      ['done', '2026-11-26T10:10:00.000Z'],
    ]);
    const types = events.events.map((event) => `${event.type}:${event.resource ?? ''}`);
    expect(types.indexOf(`RevertRegistered:${id2}`)).toBeLessThan(types.indexOf(`Action:${id2}`));
    expect([...(await instanceStates(clients, [id2, id3])).values()].every((state) => /stopp/.test(state))).toBe(true);

    const results = await revertNow({ runId: run.runId }, revertDeps(registry));
    expect(results.map((result) => result.status)).toEqual(['done', 'done']);
    expect(await registry.pending()).toEqual([]);
  });

  it('fails closed: when the revert cannot be registered, the fault is not applied', async () => {
    const [, , , , id4] = ids as [string, string, string, string, string];
    const unreachable = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: null, lazyConnect: true });
    unreachable.on('error', () => {});
    try {
      const registry = new RevertRegistry(unreachable, { prefix: 'nowhere', timeoutMs: 200 });
      const report = await executePlan(
        {
          monkey: 'chaos',
          target: { region: REGION },
          actions: [instanceAction('stop-instance', id4, { durationMs: 60_000 })],
          skipped: [],
        },
        runContext({ dryRun: false }),
        executeDeps(clients, { reverts: registry }),
      );
      expect(report.actions).toEqual([
        expect.objectContaining({
          resource: id4,
          status: 'failed',
          reason: expect.stringContaining('revert could not be registered'),
        }),
      ]);
      expect((await instanceStates(clients, [id4])).get(id4)).toBe('running');
    } finally {
      unreachable.disconnect();
    }
  });
});
