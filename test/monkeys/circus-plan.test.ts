import { describe, expect, it } from 'vitest';
import type { Group, GroupMember, Instance, Snapshot } from '../../core/fleet/model.js';
import type { OptInDecision } from '../../core/fleet/opt-in-types.js';
import { balanceSteps, spread } from '../../monkeys/circus/balance.js';
import { circusParams } from '../../monkeys/circus/params.js';
import { clusterCounts, planCircus } from '../../monkeys/circus.js';
import { makeGroup } from '../support/fleet.js';
import { snapshotOf } from '../support/snapshot.js';

const A = 'us-east-1a';
const B = 'us-east-1b';
const C = 'us-east-1c';

/** A group whose members sit in the zones given, over the zones it launches into, with AZRebalance as asked. */
function group(name: string, zones: string[], perZone: Record<string, number>, azRebalance = false): Group {
  const members = Object.entries(perZone).flatMap(([zone, count]) =>
    Array.from({ length: count }, (_, index) => ({ id: `i-${name}-${zone.slice(-1)}${index}`, zone })),
  );
  return {
    ...makeGroup(name, { 'simian:circus': 'enabled' }, members),
    zones,
    suspendedProcesses: azRebalance ? [] : ['AZRebalance'],
  };
}

const optIn = (g: Group): OptInDecision =>
  g.tags['simian:circus'] === 'enabled'
    ? { group: g.name, monkey: 'circus', eligible: true, reason: 'simian:circus=enabled' }
    : { group: g.name, monkey: 'circus', eligible: false, reason: 'no simian:circus tag' };

const params = (extra: Record<string, unknown> = {}) => circusParams.parse(extra);

/**
 * What AWS does after TerminateInstanceInAutoScalingGroup with the desired capacity kept: the instance goes, and the
 * group launches one into the zone where it has the fewest instances. moto cannot show this (it relaunches into
 * the first subnet listed), so the step sequence is checked here, run after run on the planned snapshot.
 */
function relaunch(snapshot: Snapshot, instanceId: string, step: number): Snapshot {
  const victim = snapshot.instances.find((i) => i.id === instanceId) as Instance;
  const groups = snapshot.groups.map((g) => {
    if (g.name !== victim.group) return g;
    const kept = g.members.filter((m) => m.id !== instanceId);
    const zone = [...g.zones].sort(
      (x, y) => kept.filter((m) => m.zone === x).length - kept.filter((m) => m.zone === y).length || x.localeCompare(y),
    )[0] as string;
    const added: GroupMember = { id: `i-new${step}`, zone, lifecycleState: 'InService', healthStatus: 'Healthy' };
    return { ...g, members: [...kept, added] };
  });
  return snapshotOf(groups);
}

/** Runs Circus on the snapshot until it plans nothing, as the schedule would; answers the steps and the last counts. */
function runUntilBalanced(start: Snapshot, threshold = 1) {
  let snapshot = start;
  const terminated: Instance[] = [];
  for (let run = 0; run < 20; run++) {
    const plan = planCircus(snapshot, params({ threshold }), optIn, () => 0);
    const action = plan.actions[0];
    if (!action) break;
    terminated.push(snapshot.instances.find((i) => i.id === action.resource) as Instance);
    snapshot = relaunch(snapshot, action.resource, run);
  }
  return { terminated, counts: clusterCounts(snapshot.groups, snapshot.instances) };
}

describe('circus balance arithmetic', () => {
  it('5/1/0 needs three moves from the fullest zone to the emptiest to end within 1', () => {
    const steps = balanceSteps(
      new Map([
        [A, 5],
        [B, 1],
        [C, 0],
      ]),
      1,
    );
    expect(steps).toEqual([
      { from: A, to: C },
      { from: A, to: B },
      { from: A, to: C },
    ]);
  });

  it('a spread within the threshold takes no step', () => {
    expect(
      balanceSteps(
        new Map([
          [A, 3],
          [B, 2],
          [C, 2],
        ]),
        1,
      ),
    ).toEqual([]);
    expect(
      balanceSteps(
        new Map([
          [A, 4],
          [B, 2],
        ]),
        2,
      ),
    ).toEqual([]);
    expect(spread(new Map([[A, 7]]))).toBe(0);
  });
});

describe('circus plan', () => {
  it('takes one instance of the fullest zone per run and says the balance before and after', () => {
    const plan = planCircus(snapshotOf([group('web-prod', [A, B, C], { [A]: 5, [B]: 1 })]), params(), optIn, () => 0);
    expect(plan.actions).toEqual([
      expect.objectContaining({ kind: 'terminate-in-group', group: 'web-prod', zone: A, params: {} }),
    ]);
    expect(plan.target.balance).toBe(
      `web-prod: before ${A}:5 ${B}:1 ${C}:0 → after ${A}:4 ${B}:1 ${C}:1 (spread 5 → 3, at least 2 more step(s))`,
    );
  });

  it('a 5/1/0 cluster ends within the threshold after three terminations, all from the fullest zone', () => {
    const { terminated, counts } = runUntilBalanced(snapshotOf([group('web-prod', [A, B, C], { [A]: 5, [B]: 1 })]));
    expect(terminated.map((i) => i.zone)).toEqual([A, A, A]);
    expect(Object.fromEntries(counts)).toEqual({ [A]: 2, [B]: 2, [C]: 2 });
  });

  it('a balanced cluster is left alone, and says so', () => {
    const plan = planCircus(
      snapshotOf([group('web-prod', [A, B, C], { [A]: 2, [B]: 1, [C]: 1 })]),
      params(),
      optIn,
      () => 0,
    );
    expect(plan.actions).toEqual([]);
    expect(plan.target.balance).toBe(`web-prod: balanced ${A}:2 ${B}:1 ${C}:1 (spread 1)`);
  });

  it('balances a cluster of two groups across both, taking from the group that launches into the emptiest zone', () => {
    // web-prod-v001 holds 3/0/0, web-prod-v002 2/1/0: together 5/1/0. v002 relaunches into c alone, the widest gain.
    const start = snapshotOf([
      group('web-prod-v001', [A, B, C], { [A]: 3 }, true),
      group('web-prod-v002', [A, B, C], { [A]: 2, [B]: 1 }, true),
    ]);
    const first = planCircus(start, params(), optIn, () => 0);
    expect(first.actions).toEqual([expect.objectContaining({ group: 'web-prod-v002', zone: A })]);
    expect(first.target.balance).toMatch(/^web-prod: before us-east-1a:5 us-east-1b:1 us-east-1c:0/);
    const { terminated, counts } = runUntilBalanced(start);
    expect(terminated).toHaveLength(3);
    expect(spread(counts)).toBeLessThanOrEqual(1);
    expect(Object.fromEntries(counts)).toEqual({ [A]: 2, [B]: 2, [C]: 2 });
  });

  it('leaves a single group with AZRebalance active to AWS', () => {
    const plan = planCircus(
      snapshotOf([group('web-prod', [A, B, C], { [A]: 5, [B]: 1 }, true)]),
      params(),
      optIn,
      () => 0,
    );
    expect(plan.actions).toEqual([]);
    expect(plan.skipped).toEqual([
      expect.objectContaining({
        resource: 'web-prod',
        guard: 'circus',
        reason: expect.stringContaining('AZRebalance is active'),
      }),
    ]);
  });

  it('spares groups not opted in, and says when no group can launch into the emptiest zone', () => {
    const closed = { ...group('web-prod', [A, B], { [A]: 3 }), zones: [A, B] };
    const other = { ...group('api-prod', [A, C], { [A]: 4 }), tags: {} };
    const plan = planCircus(snapshotOf([closed, other]), params(), optIn, () => 0);
    expect(plan.skipped).toContainEqual(expect.objectContaining({ resource: 'api-prod', guard: 'opt-in' }));
    // web-prod alone: a:3 b:0, one step to b (it launches there).
    expect(plan.actions).toEqual([expect.objectContaining({ group: 'web-prod', zone: A })]);
    // Each group is balanced on its own (1/1 over a,c and 2/1 over a,b... a:3 b:1 c:1): no move narrows the gap.
    const stuck = planCircus(
      snapshotOf([
        group('web-prod-v001', [A, C], { [A]: 1, [C]: 1 }, true),
        group('web-prod-v002', [A, B], { [A]: 2, [B]: 1 }, true),
      ]),
      params(),
      optIn,
      () => 0,
    );
    expect(stuck.actions).toEqual([]);
    expect(stuck.target.balance).toBe(`web-prod: unbalanced ${A}:3 ${B}:1 ${C}:1 (spread 2)`);
    expect(stuck.skipped).toContainEqual(
      expect.objectContaining({
        guard: 'circus',
        reason: expect.stringContaining('every group keeps its own zones balanced'),
      }),
    );
  });

  it('an aimed cluster that does not exist is bad input', () => {
    expect(() => planCircus(snapshotOf([]), params({ cluster: 'nope' }), optIn, () => 0)).toThrow(
      'cluster "nope" not found in us-east-1',
    );
  });
});
