import { groupsByName, memberOf } from '../../core/fleet/grouping.js';
import type { Group, Instance, Snapshot } from '../../core/fleet/model.js';
import type { OptInDecision } from '../../core/fleet/opt-in-types.js';
import type { Skip } from '../../core/plan/action.js';

/** States in which an instance can still be hit; any other state means the work is already done or moot. */
const LIVE_STATES = new Set(['pending', 'running']);

/** An instance a monkey may act on, with the group that opted it in. */
export interface Candidate {
  readonly instance: Instance;
  readonly group: Group;
}

/** The outcome of sorting instances into those a monkey may hit and those it spares (with the guard why). */
export interface Eligibility {
  readonly candidates: Candidate[];
  readonly skipped: Skip[];
  /** Each group met, with its opt-in decision (eligible or not). */
  readonly decisions: Map<string, OptInDecision>;
}

function skipOf(instance: Instance, guard: string, reason: string): Skip {
  return { resource: instance.id, group: instance.group ?? null, guard, reason, zone: instance.zone };
}

/** Why one instance is spared on its own account (not its group's), or null when it is live. */
export function instanceStateSkip(instance: Instance): Skip | null {
  return LIVE_STATES.has(instance.state) ? null : skipOf(instance, 'state', `already ${instance.state}`);
}

/**
 * Sorts instances into candidates and skips: an instance is a candidate when it belongs to a group the opt-in
 * decision allows and is still live. Opt-in is judged first, so an opted-out group's instances say "opt-in".
 * O(instances): the group index is built once per snapshot, however many units or zones a plan classifies.
 */
export function classifyInstances(
  snapshot: Snapshot,
  instances: readonly Instance[],
  optIn: (group: Group) => OptInDecision,
): Eligibility {
  const groups = groupsByName(snapshot);
  const decisions = new Map<string, OptInDecision>();
  const candidates: Candidate[] = [];
  const skipped: Skip[] = [];
  for (const instance of instances) {
    const group = instance.group === undefined ? undefined : groups.get(instance.group);
    if (!group) {
      skipped.push(skipOf(instance, 'opt-in', 'not in an Auto Scaling group'));
      continue;
    }
    let decision = decisions.get(group.name);
    if (!decision) {
      decision = optIn(group);
      decisions.set(group.name, decision);
    }
    if (!decision.eligible) {
      skipped.push(skipOf(instance, 'opt-in', decision.reason));
      continue;
    }
    const stateSkip = instanceStateSkip(instance);
    if (stateSkip) skipped.push(stateSkip);
    else candidates.push({ instance, group });
  }
  return { candidates, skipped, decisions };
}

/** Why a live candidate still may not be hit: only InService members that are running are fair game. */
export function notInService(instance: Instance, group: Group): string | null {
  if (instance.state !== 'running') return `instance is ${instance.state}`;
  const member = memberOf(group, instance.id);
  if (member && member.lifecycleState !== 'InService') return `lifecycle state is ${member.lifecycleState}`;
  return null;
}
