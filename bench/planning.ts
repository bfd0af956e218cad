import type { Group, Instance, Snapshot } from '../core/fleet/model.js';
import { decideOptIn } from '../core/fleet/opt-in.js';
import type { Action, Skip } from '../core/plan/action.js';
import { chaosParams } from '../monkeys/chaos/params.js';
import { planChaos } from '../monkeys/chaos.js';
import { gorillaParams, planGorilla } from '../monkeys/gorilla.js';
import { type KongParams, kong } from '../monkeys/kong.js';
import type { Comparison, Row } from './comparison.js';
import { PLANNING_REGION, PLANNING_ZONES, planningSnapshot } from './planning-fleet.js';

interface Sized {
  readonly actions: number;
  readonly skipped: number;
}

/** The median wall time of `runs` runs of `work` (after one warm-up run), and what the last run returned. */
function medianMs(work: () => Sized, runs: number): { ms: number; value: Sized } {
  let value = work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    value = work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, value };
}

const optedIn = (group: Group, monkey: string) =>
  group.tags[`simian:${monkey}`] === 'enabled' || group.tags['simian:all'] === 'enabled';

const spare = (instance: Instance, reason: string): Skip => ({
  resource: instance.id,
  group: instance.group ?? null,
  guard: 'opt-in',
  reason,
  zone: instance.zone,
});

const terminate = (snapshot: Snapshot, instance: Instance, group: string): Action => ({
  kind: 'terminate-instance',
  resource: instance.id,
  group,
  account: snapshot.account,
  region: snapshot.region,
  zone: instance.zone,
  params: {},
});

/** A hand-written Chaos plan: one map of groups, one pass over instances, one random running pick per group. */
function baselineChaos(snapshot: Snapshot, random: () => number): Sized {
  const byGroup = new Map<string, Instance[]>();
  for (const instance of snapshot.instances) {
    if (instance.group === undefined) continue;
    const list = byGroup.get(instance.group) ?? [];
    list.push(instance);
    byGroup.set(instance.group, list);
  }
  const actions: Action[] = [];
  const skipped: Skip[] = [];
  for (const group of snapshot.groups) {
    const members = byGroup.get(group.name) ?? [];
    if (!optedIn(group, 'chaos')) {
      for (const instance of members) skipped.push(spare(instance, 'no simian:chaos tag'));
      continue;
    }
    const live = members.filter((instance) => instance.state === 'running');
    const picked = live[Math.floor(random() * live.length)];
    if (picked) actions.push(terminate(snapshot, picked, group.name));
  }
  return { actions: actions.length, skipped: skipped.length };
}

/** A hand-written Gorilla (terminate) plan for one zone: one map of groups, one pass over the instances. */
function baselineGorilla(snapshot: Snapshot, zone: string, groups = new Map(snapshot.groups.map((g) => [g.name, g]))) {
  const actions: Action[] = [];
  const skipped: Skip[] = [];
  for (const instance of snapshot.instances) {
    if (instance.zone !== zone) continue;
    const group = instance.group === undefined ? undefined : groups.get(instance.group);
    if (!group || !optedIn(group, 'gorilla')) skipped.push(spare(instance, 'no simian:gorilla tag'));
    else if (instance.state === 'running' || instance.state === 'pending')
      actions.push(terminate(snapshot, instance, group.name));
  }
  return { actions: actions.length, skipped: skipped.length };
}

/** Kong's Gorilla part, hand-written: the terminate plan of every zone of the region, one group map for all. */
function baselineKongGorilla(snapshot: Snapshot): Sized {
  const groups = new Map(snapshot.groups.map((group) => [group.name, group]));
  let actions = 0;
  let skipped = 0;
  for (const zone of PLANNING_ZONES) {
    const plan = baselineGorilla(snapshot, zone, groups);
    actions += plan.actions;
    skipped += plan.skipped;
  }
  return { actions, skipped };
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface PlanningSize {
  readonly groups: number;
  readonly instances: number;
  /** Timed runs per side (after one warm-up); the median is reported. */
  readonly runs: number;
}

/**
 * Planning CPU: each monkey's real plan (its real opt-in decision included) over a fleet built in memory, against a
 * hand-written plan producing the same actions, in ms per 1,000 instances.
 */
export function benchPlanning(size: PlanningSize): Comparison {
  const snapshot = planningSnapshot(size.groups, size.instances);
  const where = { account: snapshot.account, region: snapshot.region };
  const optInFor = (name: string) => (group: Group) => decideOptIn(group, { name, kind: 'fault' }, undefined, where);
  const zone = PLANNING_ZONES[0];
  const kongParams: KongParams = {
    records: [{ hostedZoneId: 'Z1', name: 'bench.example.com.', type: 'A' }],
    duration: 600_000,
    thenGorilla: true,
  };
  const sides: { name: string; ours: () => Sized; baseline: () => Sized }[] = [
    {
      name: 'chaos',
      ours: () => sizeOf(planChaos(snapshot, chaosParams.parse({}), optInFor('chaos'), seeded(1))),
      baseline: () => baselineChaos(snapshot, seeded(1)),
    },
    {
      name: 'gorilla',
      ours: () => sizeOf(planGorilla(snapshot, gorillaParams.parse({ zone }), optInFor('gorilla'))),
      baseline: () => baselineGorilla(snapshot, zone),
    },
    {
      name: "kong's gorilla part",
      ours: () =>
        sizeOf(
          kong.plan({
            snapshot,
            params: kongParams,
            optIn: optInFor('kong'),
            random: seeded(1),
            now: new Date(),
            observed: { records: [] },
          }),
        ),
      baseline: () => baselineKongGorilla(snapshot),
    },
  ];
  const perThousand = size.instances / 1000;
  const rows: Row[] = [];
  const totals: string[] = [];
  for (const side of sides) {
    const ours = medianMs(side.ours, size.runs);
    const baseline = medianMs(side.baseline, size.runs);
    if (ours.value.actions !== baseline.value.actions) {
      throw new Error(
        `${side.name}: ours planned ${ours.value.actions} actions, the baseline ${baseline.value.actions}`,
      );
    }
    rows.push({
      metric: `${side.name} plan, per 1,000 instances`,
      ours: ours.ms / perThousand,
      baseline: baseline.ms / perThousand,
      unit: 'ms',
      better: 'lower',
    });
    totals.push(
      `${side.name}: ${Math.round(ours.ms)} ms for all ${size.instances.toLocaleString('en-US')} (baseline ${Math.round(baseline.ms)} ms), ${ours.value.actions.toLocaleString('en-US')} actions`,
    );
  }
  return {
    title: `Planning CPU: ${size.instances.toLocaleString('en-US')} instances in ${size.groups.toLocaleString('en-US')} groups (in memory, ${PLANNING_REGION})`,
    rows,
    notes: [
      `median of ${size.runs} runs per side after one warm-up, same process; target: under 1 s per monkey for the whole fleet`,
      ...totals,
      'ours: the monkey plan with the real opt-in decision (tags, canary check, reasons); every spared instance gets a skip with its reason',
      'baseline: a hand-written plan (one map of groups, one pass over instances, tag lookup by exact key) with the same actions',
    ],
  };
}

function sizeOf(plan: { actions: readonly unknown[]; skipped: readonly unknown[] }): Sized {
  return { actions: plan.actions.length, skipped: plan.skipped.length };
}
