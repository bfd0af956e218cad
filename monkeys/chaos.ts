import { cancelHostFault } from '../core/actuator/effects/cancel-host-fault.js';
import { rebootInstance } from '../core/actuator/effects/reboot-instance.js';
import { startInstance } from '../core/actuator/effects/start-instance.js';
import { stopInstance } from '../core/actuator/effects/stop-instance.js';
import { InputError } from '../core/errors.js';
import { type GroupingUnit, groupInstances } from '../core/fleet/grouping.js';
import type { Group, Instance, Snapshot } from '../core/fleet/model.js';
import type { OptInDecision } from '../core/fleet/opt-in-types.js';
import type { Action, Plan, Skip } from '../core/plan/action.js';
import type { Monkey } from '../core/run/monkey.js';
import { chaosDaily } from './chaos/daily-kills.js';
import { attachVolumes } from './chaos/effects/attach-volumes.js';
import { blockNetwork } from './chaos/effects/block-network.js';
import { detachVolumes } from './chaos/effects/detach-volumes.js';
import { restoreSecurityGroups } from './chaos/effects/restore-security-groups.js';
import { runHostFault } from './chaos/effects/run-host-fault.js';
import { faultAction, faultMismatch } from './chaos/faults.js';
import { resolveGroupSettings } from './chaos/group-settings.js';
import { type ChaosParams, chaosParams } from './chaos/params.js';
import { terminateInstance } from './janitor/effects/terminate-instance.js';
import { type Candidate, classifyInstances, notInService } from './shared/eligibility.js';
import { pickOne } from './shared/pick.js';

function spare(instance: Instance, guard: string, reason: string): Skip {
  return { resource: instance.id, group: instance.group ?? null, guard, reason, zone: instance.zone };
}

/** One unit's share of the plan: one random eligible instance gets the fault, every spared one says why. */
function planUnit(
  unit: GroupingUnit,
  snapshot: Snapshot,
  params: ChaosParams,
  optIn: (group: Group) => OptInDecision,
  random: () => number,
): { action?: Action; skipped: Skip[] } {
  const { candidates, skipped } = classifyInstances(snapshot, unit.instances, optIn);
  const resolved = resolveGroupSettings(
    params,
    unit.name,
    unit.groups.map((group) => group.tags),
  );
  if (!resolved.ok) {
    return { skipped: [...skipped, ...candidates.map((c) => spare(c.instance, 'config', resolved.reason))] };
  }
  const eligible: Candidate[] = [];
  for (const candidate of candidates) {
    const why =
      notInService(candidate.instance, candidate.group) ?? faultMismatch(resolved.settings.fault, candidate.instance);
    if (why) skipped.push(spare(candidate.instance, 'eligibility', why));
    else eligible.push(candidate);
  }
  const picked = pickOne(eligible, random);
  if (!picked) return { skipped };
  const where = { account: snapshot.account, region: snapshot.region };
  return { action: faultAction(resolved.settings, picked.instance, picked.group.name, where), skipped };
}

/** The pure plan of Chaos: for each target group, one random eligible instance and the group's fault. */
export function planChaos(
  snapshot: Snapshot,
  params: ChaosParams,
  optIn: (group: Group) => OptInDecision,
  random: () => number,
): Plan {
  let units = groupInstances(snapshot, params.grouping);
  if (params.group !== undefined) {
    units = units.filter((unit) => unit.name === params.group);
    if (units.length === 0) {
      const what = params.grouping === 'asg' ? 'Auto Scaling group' : params.grouping;
      throw new InputError(`${what} "${params.group}" not found in ${snapshot.region}`);
    }
  }
  const actions: Action[] = [];
  const skipped: Skip[] = [];
  for (const unit of units) {
    const planned = planUnit(unit, snapshot, params, optIn, random);
    if (planned.action) actions.push(planned.action);
    skipped.push(...planned.skipped);
  }
  const target: Record<string, string> = { region: snapshot.region, fault: params.fault };
  if (params.group !== undefined) target.group = params.group;
  return { monkey: 'chaos', target, actions, skipped };
}

/**
 * Chaos Monkey: in each opted-in group, one random InService instance gets a fault: terminated, stopped,
 * rebooted, cut off the network, stripped of its data volumes, or hurt on the host (CPU, IO, disk, processes,
 * routes, DNS, packet loss or corruption) through SSM, each revertible fault undone after its duration.
 */
export const chaos: Monkey<ChaosParams> = {
  name: 'chaos',
  description: 'Injects one fault into one random instance of each opted-in group (terminate by default)',
  kind: 'fault',
  effects: [
    { effect: terminateInstance },
    { effect: stopInstance, revert: startInstance },
    { effect: rebootInstance },
    { effect: blockNetwork, revert: restoreSecurityGroups },
    { effect: detachVolumes, revert: attachVolumes },
    { effect: runHostFault, revert: cancelHostFault },
  ],
  params: chaosParams,
  cli: {
    summary: 'Chaos Monkey: one fault in one random instance of each opted-in group (simian:chaos=enabled)',
    flags: [
      {
        flag: '--group <name>',
        param: 'group',
        help: 'aim at one group (an ASG, or the app/stack/cluster name with --grouping)',
      },
      { flag: '--fault <fault>', param: 'fault' },
      { flag: '--duration <duration>', param: 'duration' },
      { flag: '--grouping <by>', param: 'grouping' },
    ],
    confirm: ['group'],
  },
  plan: ({ snapshot, params, optIn, random }) => planChaos(snapshot, params, optIn, random),
  daily: chaosDaily,
};
