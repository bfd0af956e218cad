// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { describe, expect, it } from 'vitest';
import type { Effect, EffectContext } from '../../core/actuator/effect.js';
import { noParams } from '../../core/actuator/effects/param-shapes.js';
import { executePlan } from '../../core/actuator/execute.js';
import { registerEffect } from '../../core/actuator/registry.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { MemoryEventSink } from '../../core/events/event.js';
import type { Group } from '../../core/fleet/model.js';
import type { Plan } from '../../core/plan/action.js';
import { group } from '../safety/run-context.js';
import { testClients, testRedis, uniquePrefix } from '../support/env.js';
import { executeDeps, instanceAction, runContext } from './support.js';

const clients = testClients();
const applied: string[] = [];
const asked: { resources: string[]; optIn: EffectContext['optIn'] }[] = [];
let reachAnswer: (resources: string[]) => Promise<Map<string, string>> = async () => new Map();

/** Applies nothing in AWS; its reach check answers what the test says, and records what it was asked. */
const reachingEffect: Effect = {
  kind: 'test-reaching',
  description: 'an effect with a reach check (tests)',
  permissions: ['ec2:CreateTags'],
  batchSize: 10,
  pacing: 'ec2:CreateTags',
  capped: 'instance',
  paramsSchema: noParams,
  async reach(actions, ctx) {
    const resources = actions.map((action) => action.resource);
    asked.push({ resources, optIn: ctx.optIn });
    return reachAnswer(resources);
  },
  async capture(actions) {
    return new Map(actions.map((action) => [action.resource, {}]));
  },
  async apply(actions) {
    applied.push(...actions.map((action) => action.resource));
    return actions.map((action) => ({ resource: action.resource, ok: true }));
  },
  revertOf(action) {
    return {
      kind: 'start-instance',
      resource: action.resource,
      account: action.account,
      region: action.region,
      params: {},
    };
  },
};
registerEffect(reachingEffect);

const plan = (resources: string[]): Plan => ({
  monkey: 'gorilla',
  target: { region: 'us-east-1' },
  actions: resources.map((resource) => instanceAction('test-reaching', resource, { durationMs: 60_000 })),
  skipped: [],
});

describe('reach check, right before the applier', () => {
  it('armed: what it names is spared (guard reach, a Skip event), the rest is applied; revert registered only for those', async () => {
    applied.length = 0;
    reachAnswer = async () => new Map([['i-2', 'it holds i-9, which is in no Auto Scaling group']]);
    const events = new MemoryEventSink();
    const redis = testRedis();
    try {
      const reverts = new RevertRegistry(redis, { prefix: uniquePrefix('reach') });
      const report = await executePlan(
        plan(['i-1', 'i-2', 'i-3']),
        runContext({ dryRun: false, monkey: 'gorilla' }),
        executeDeps(clients, { events, reverts }),
      );
      expect(applied).toEqual(['i-1', 'i-3']);
      expect(report.actions.map((action) => [action.resource, action.status])).toEqual([
        ['i-1', 'done'],
        ['i-3', 'done'],
      ]);
      expect(report.skipped).toEqual([
        expect.objectContaining({
          resource: 'i-2',
          guard: 'reach',
          reason: 'it holds i-9, which is in no Auto Scaling group',
        }),
      ]);
      expect(events.events.filter((event) => event.type === 'Skip').map((event) => event.resource)).toEqual(['i-2']);
      expect((await reverts.pending()).map((record) => record.spec.resource).sort()).toEqual(['i-1', 'i-3']);
    } finally {
      redis.disconnect();
    }
  });

  it('is asked once per batch, in a dry run too, with the run’s act-time opt-in decision in its context', async () => {
    asked.length = 0;
    reachAnswer = async () => new Map([['i-1', 'not opted in']]);
    const report = await executePlan(plan(['i-1', 'i-2']), runContext({ monkey: 'gorilla' }), executeDeps(clients));
    expect(report.actions.map((action) => [action.resource, action.status])).toEqual([['i-2', 'planned']]);
    expect(report.skipped.map((skip) => [skip.resource, skip.guard])).toEqual([['i-1', 'reach']]);
    expect(asked.map((call) => call.resources)).toEqual([['i-1', 'i-2']]);
    const optIn = asked[0]?.optIn as (group: Group) => { eligible: boolean; reason: string };
    expect(optIn(group('web-prod', [], { tags: { 'simian:gorilla': 'enabled' } })).eligible).toBe(true);
    expect(optIn(group('web-prod', [], { tags: { 'simian:chaos': 'enabled' } }))).toMatchObject({ eligible: false });
  });

  it('fails closed: a reach check that throws spares the whole batch, with the error as the reason', async () => {
    applied.length = 0;
    reachAnswer = async () => {
      throw new Error('DescribeNetworkInterfaces throttled');
    };
    const report = await executePlan(
      plan(['i-1', 'i-2']),
      runContext({ dryRun: false, monkey: 'gorilla' }),
      executeDeps(clients),
    );
    expect(applied).toEqual([]);
    expect(report.actions).toEqual([]);
    expect(report.skipped.map((skip) => [skip.resource, skip.guard, skip.reason])).toEqual([
      ['i-1', 'reach', 'what it would reach could not be checked: DescribeNetworkInterfaces throttled'],
      ['i-2', 'reach', 'what it would reach could not be checked: DescribeNetworkInterfaces throttled'],
    ]);
  });
});
