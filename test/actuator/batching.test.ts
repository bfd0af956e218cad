// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyBatch, chunk } from '../../core/actuator/batch.js';
import type { Effect } from '../../core/actuator/effect.js';
import { noParams } from '../../core/actuator/effects/param-shapes.js';
import { executePlan } from '../../core/actuator/execute.js';
import { unpaced } from '../../core/actuator/pacer.js';
import { getEffect } from '../../core/actuator/registry.js';
import type { Action, Plan } from '../../core/plan/action.js';
import { testClients } from '../support/env.js';
import { executeDeps, instanceAction, instanceStates, launchInstances, quietLogger, runContext } from './support.js';

const clients = testClients();
let fleet: string[] = [];

const terminatePlan = (ids: readonly string[]): Plan => ({
  monkey: 'gorilla',
  target: { region: 'us-east-1', zone: 'us-east-1a' },
  actions: ids.map((id) => instanceAction('terminate-instance', id)),
  skipped: [],
});

describe('batching terminate-instance (moto)', () => {
  // Batches of 10 instead of the effect's 1,000: 25 instances take 3 calls as 2,500 would, for a hundredth of the
  // launching (moto builds about 40 instances a second on a quiet machine, far fewer under load).
  const BATCH = 10;

  beforeAll(async () => {
    fleet = await launchInstances(clients, 35);
  });

  it("sends up to 1,000 ids a call, TerminateInstances' own limit: 2,500 instances would take the same 3 calls", () => {
    expect(getEffect('terminate-instance').batchSize).toBe(1000);
  });

  it('terminates 25 instances in batches of 10 with exactly 3 TerminateInstances calls, reported per resource', async () => {
    const ids = fleet.slice(0, 25);
    clients.counter.reset();
    const report = await executePlan(
      terminatePlan(ids),
      runContext({ dryRun: false }),
      executeDeps(clients, { maxBatchSize: BATCH }),
    );
    expect(clients.counter.count('TerminateInstances')).toBe(3);
    expect(report.actions).toHaveLength(25);
    expect(report.summary).toEqual({ planned: 0, done: 25, failed: 0, skipped: 0 });
    const states = await instanceStates(clients, ids);
    expect([...states.values()].every((state) => state === 'terminated' || state === 'shutting-down')).toBe(true);
  });

  it('terminating the same instances again is done/already, with no error', async () => {
    const ids = fleet.slice(0, 20);
    const report = await executePlan(terminatePlan(ids), runContext({ dryRun: false }), executeDeps(clients));
    expect(report.summary.failed).toBe(0);
    expect(report.actions.every((action) => action.status === 'done' && action.reason === 'already done')).toBe(true);
  });

  it('one unknown id fails alone: the others in its batch still terminate (2 calls)', async () => {
    const good = fleet.slice(25, 35);
    const bad = 'i-00000000deadbeef0';
    clients.counter.reset();
    const report = await executePlan(
      terminatePlan([...good.slice(0, 5), bad, ...good.slice(5)]),
      runContext({ dryRun: false }),
      executeDeps(clients),
    );
    expect(clients.counter.count('TerminateInstances')).toBe(2);
    const failed = report.actions.filter((action) => action.status === 'failed');
    expect(failed.map((action) => action.resource)).toEqual([bad]);
    expect(failed[0]?.reason).toContain('does not exist');
    expect(report.summary).toMatchObject({ done: 10, failed: 1 });
    const states = await instanceStates(clients, good);
    expect([...states.values()].every((state) => state !== 'running')).toBe(true);
  });
});

describe('batch splitting when the error names no id', () => {
  it('halves the batch until the bad id is alone', async () => {
    const calls: string[][] = [];
    const effect: Effect = {
      kind: 'test-opaque-error',
      description: 'fails a whole batch holding "bad" with an error that names no id',
      permissions: ['ec2:TerminateInstances'],
      batchSize: 8,
      pacing: 'ec2:TerminateInstances',
      capped: 'instance',
      paramsSchema: noParams,
      async apply(actions) {
        calls.push(actions.map((action) => action.resource));
        if (actions.some((action) => action.resource === 'bad')) {
          throw Object.assign(new Error('One or more ids are unknown'), { name: 'InvalidInstanceID.NotFound' });
        }
        return actions.map((action) => ({ resource: action.resource, ok: true }));
      },
    };
    const actions: Action[] = ['a', 'b', 'c', 'bad', 'e', 'f', 'g', 'h'].map((id) => instanceAction(effect.kind, id));
    const outcomes = await applyBatch(effect, actions, { clients, logger: quietLogger }, unpaced);
    expect(outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.resource)).toEqual(['bad']);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(7);
    // 1 whole + 2 halves + 2 quarters of the bad half + 2 singles = 7 calls for 8 ids.
    expect(calls).toHaveLength(7);
  });

  it('chunks to the batch size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
