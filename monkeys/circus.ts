import { terminateInGroup } from '../core/actuator/effects/terminate-in-group.js';
import type { Caps } from '../core/config/schema.js';
import { InputError } from '../core/errors.js';
import { type GroupingUnit, groupInstances, memberOf } from '../core/fleet/grouping.js';
import type { Group, Instance, Snapshot } from '../core/fleet/model.js';
import type { OptInDecision } from '../core/fleet/opt-in-types.js';
import type { Action, Plan, Skip } from '../core/plan/action.js';
import type { Monkey } from '../core/run/monkey.js';
import { applyStep, type BalanceStep, balanceSteps, countsText, spread, type ZoneCounts } from './circus/balance.js';
import { type CircusParams, circusParams } from './circus/params.js';
import { pickOne } from './shared/pick.js';
import { instancesByZone } from './shared/zones.js';

/**
 * One step per cluster and run, and the relaunch needs time: a few minutes between two steps in a group, no daily
 * limit, half a group at most (a cap of a third would never let a two-instance group move), one healthy left.
 */
export const CIRCUS_CAPS: Caps = {
  maxPerRun: 10,
  maxPerGroup: 1,
  maxPercentPerGroup: 50,
  minHealthy: 1,
  maxPerDayPerGroup: undefined,
  minTimeBetweenKills: 300_000,
};

const LIVE = new Set(['pending', 'running']);

/** An instance that counts where it stands: live, and in service (or on its way in) in its group. */
function counted(instance: Instance, group: Group): boolean {
  const member = memberOf(group, instance.id);
  return LIVE.has(instance.state) && member !== undefined && /^(InService|Pending)/.test(member.lifecycleState);
}

/** The cluster's live instances per zone, over every zone one of its groups launches into. */
export function clusterCounts(groups: readonly Group[], instances: readonly Instance[]): ZoneCounts {
  const byName = new Map(groups.map((group) => [group.name, group]));
  const live = instances.filter((instance) => {
    const group = instance.group === undefined ? undefined : byName.get(instance.group);
    return group !== undefined && counted(instance, group);
  });
  const counts = new Map<string, number>();
  for (const zone of [...new Set(groups.flatMap((group) => group.zones))].sort()) counts.set(zone, 0);
  for (const [zone, list] of instancesByZone(live)) counts.set(zone, (counts.get(zone) ?? 0) + list.length);
  return counts;
}

/** The zones AWS may relaunch into once the instance in `from` is gone: the group's own emptiest zones then. */
export function landingZones(group: Group, own: readonly Instance[], from: string): string[] {
  const counts = new Map(group.zones.map((zone) => [zone, 0]));
  for (const instance of own) counts.set(instance.zone, (counts.get(instance.zone) ?? 0) + 1);
  counts.set(from, (counts.get(from) ?? 0) - 1);
  const least = Math.min(...counts.values());
  return [...counts].filter(([, count]) => count === least).map(([zone]) => zone);
}

/** A move: the instance to terminate, its group, and the step it makes (into the worst zone it may land in). */
interface Move {
  readonly instance: Instance;
  readonly group: Group;
  readonly step: BalanceStep;
}

/**
 * The best move: an InService, healthy instance of a fullest zone whose group would relaunch it (into its own
 * emptiest zone, as AWS does) only where the cluster has at least two fewer, so that every possible landing narrows
 * the gap; among those, the widest gain. A string says why none exists (each group's own balance holds the cluster).
 */
function bestMove(
  counts: ZoneCounts,
  groups: readonly Group[],
  instances: readonly Instance[],
  random: () => number,
): Move | string {
  const top = Math.max(...counts.values());
  const fullest = [...counts].filter(([, count]) => count === top).map(([zone]) => zone);
  let best: { group: Group; from: string; to: string; gain: number; healthy: Instance[] } | undefined;
  for (const group of groups) {
    const own = instances.filter((instance) => instance.group === group.name && counted(instance, group));
    for (const from of fullest) {
      const healthy = own.filter((instance) => {
        const member = memberOf(group, instance.id);
        return (
          instance.zone === from &&
          instance.state === 'running' &&
          member?.lifecycleState === 'InService' &&
          member.healthStatus === 'Healthy'
        );
      });
      if (healthy.length === 0) continue;
      const landing = landingZones(group, own, from).sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
      const to = landing[0] as string;
      const gain = top - (counts.get(to) ?? 0);
      if (gain >= 2 && (!best || gain > best.gain)) best = { group, from, to, gain, healthy };
    }
  }
  if (!best) {
    return 'no instance of the fullest zone can move: each group would relaunch it where the cluster is no emptier (every group keeps its own zones balanced)';
  }
  const instance = pickOne(best.healthy, random) as Instance;
  return { instance, group: best.group, step: { from: best.from, to: best.to } };
}

function spareGroup(group: Group, guard: string, reason: string): Skip {
  return { resource: group.name, group: group.name, guard, reason };
}

/** "before us-east-1a:5 us-east-1b:1 us-east-1c:0 → after us-east-1a:4 ... (spread 5 → 4, 3 more step(s))". */
function balanceText(counts: ZoneCounts, move: BalanceStep | null, threshold: number): string {
  if (!move)
    return `${spread(counts) > threshold ? 'unbalanced' : 'balanced'} ${countsText(counts)} (spread ${spread(counts)})`;
  const after = applyStep(counts, move);
  const more = balanceSteps(after, threshold).length;
  return `before ${countsText(counts)} → after ${countsText(after)} (spread ${spread(counts)} → ${spread(after)}${more > 0 ? `, at least ${more} more step(s)` : ''})`;
}

/** One cluster's share of the plan: at most one step, and the balance before and after it. */
function planCluster(
  unit: GroupingUnit,
  snapshot: Snapshot,
  params: CircusParams,
  optIn: (group: Group) => OptInDecision,
  random: () => number,
): { action?: Action; skipped: Skip[]; balance?: string } {
  const skipped: Skip[] = [];
  const groups: Group[] = [];
  for (const group of unit.groups) {
    const decision = optIn(group);
    if (decision.eligible) groups.push(group);
    else skipped.push(spareGroup(group, 'opt-in', decision.reason));
  }
  if (groups.length === 0) return { skipped };
  // A cluster of one group only: AWS balances each group, never the cluster.
  const only = unit.groups.length === 1 ? groups[0] : undefined;
  if (only && !only.suspendedProcesses.includes('AZRebalance')) {
    const reason = 'AZRebalance is active: AWS keeps this group balanced across its zones itself';
    return { skipped: [...skipped, spareGroup(only, 'circus', reason)] };
  }
  // The balance is the whole cluster's (a group not opted in still holds instances in its zones); only opted-in
  // groups are moved.
  const counts = clusterCounts(unit.groups, unit.instances);
  if (spread(counts) <= params.threshold) return { skipped, balance: balanceText(counts, null, params.threshold) };
  const victim = bestMove(counts, groups, unit.instances, random);
  if (typeof victim === 'string') {
    for (const group of groups) skipped.push(spareGroup(group, 'circus', victim));
    return { skipped, balance: balanceText(counts, null, params.threshold) };
  }
  return {
    action: {
      kind: 'terminate-in-group',
      resource: victim.instance.id,
      group: victim.group.name,
      account: snapshot.account,
      region: snapshot.region,
      zone: victim.instance.zone,
      params: {},
    },
    skipped,
    balance: balanceText(counts, victim.step, params.threshold),
  };
}

/** The units the run aims at: all, the one named, or the one holding the named group (an unknown name is bad input). */
function aimedUnits(snapshot: Snapshot, params: CircusParams): GroupingUnit[] {
  const units = groupInstances(snapshot, params.grouping);
  if (params.cluster !== undefined) {
    const found = units.filter((unit) => unit.name === params.cluster);
    if (found.length === 0) throw new InputError(`cluster "${params.cluster}" not found in ${snapshot.region}`);
    return found;
  }
  if (params.group !== undefined) {
    const found = units.filter((unit) => unit.groups.some((group) => group.name === params.group));
    if (found.length === 0)
      throw new InputError(`Auto Scaling group "${params.group}" not found in ${snapshot.region}`);
    return found;
  }
  return units;
}

/**
 * The pure plan of Circus: for each cluster whose zones are out of balance by more than the threshold (counting
 * every group of the cluster, opted in or not), one instance of the fullest zone is terminated in an opted-in group (desired capacity kept), so that the group relaunches
 * it in the emptiest. One step per cluster and run: the next run reads the balance again.
 */
export function planCircus(
  snapshot: Snapshot,
  params: CircusParams,
  optIn: (group: Group) => OptInDecision,
  random: () => number,
): Plan {
  const actions: Action[] = [];
  const skipped: Skip[] = [];
  const balances: string[] = [];
  for (const unit of aimedUnits(snapshot, params)) {
    const planned = planCluster(unit, snapshot, params, optIn, random);
    if (planned.action) actions.push(planned.action);
    skipped.push(...planned.skipped);
    if (planned.balance) balances.push(`${unit.name}: ${planned.balance}`);
  }
  const target: Record<string, string> = { region: snapshot.region, threshold: String(params.threshold) };
  if (params.cluster !== undefined) target.cluster = params.cluster;
  if (params.group !== undefined) target.group = params.group;
  if (balances.length > 0) target.balance = balances.join('; ');
  return { monkey: 'circus', target, actions, skipped };
}

/**
 * Circus: keeps each cluster with an opted-in group spread evenly over the zones it uses, one terminate-and-relaunch step at a
 * time from the fullest zone, never below the caps' minHealthy.
 */
export const circus: Monkey<CircusParams> = {
  name: 'circus',
  description: 'Balances each cluster across its zones: one instance of the fullest zone relaunched per run',
  kind: 'fault',
  effects: [{ effect: terminateInGroup }],
  defaultCaps: CIRCUS_CAPS,
  params: circusParams,
  cli: {
    summary: 'Circus: one step of zone balance per opted-in cluster (simian:circus=enabled)',
    flags: [
      {
        flag: '--cluster <name>',
        param: 'cluster',
        help: 'aim at one cluster (the app-stack-detail name, or the unit name with --grouping)',
      },
      { flag: '--group <asg>', param: 'group' },
      { flag: '--threshold <n>', param: 'threshold', read: 'whole' },
      { flag: '--grouping <by>', param: 'grouping' },
    ],
    exclusive: [['cluster', 'group']],
    confirm: ['cluster', 'group'],
  },
  plan: ({ snapshot, params, optIn, random }) => planCircus(snapshot, params, optIn, random),
};
