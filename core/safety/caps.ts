import type { Caps } from '../config/schema.js';
import type { Group } from '../fleet/model.js';

/**
 * The caps of a monkey that says nothing of its own: one instance per group per day, a third of a group at most,
 * one healthy instance left, ten actions per run, an hour between two kills in a group.
 */
export const DEFAULT_CAPS: Caps = {
  maxPerRun: 10,
  maxPercentPerGroup: 34,
  minHealthy: 1,
  maxPerDayPerGroup: 1,
  minTimeBetweenKills: 3_600_000,
};

function written(caps: Caps | undefined): Caps {
  return Object.fromEntries(Object.entries(caps ?? {}).filter(([, value]) => value !== undefined));
}

/**
 * A run's effective caps, key by key: the schedule entry's, else simian.yaml's, else the monkey's own defaults,
 * else DEFAULT_CAPS. A monkey default may lift a cap (undefined: no such cap), never a key the user wrote.
 */
export function effectiveCaps(configCaps: Caps | undefined, monkeyDefaults?: Caps, entryCaps?: Caps): Caps {
  return { ...DEFAULT_CAPS, ...monkeyDefaults, ...written(configCaps), ...written(entryCaps) };
}

/** What this run has already allowed, as the caps guard counts it. */
export interface RunTally {
  /** Actions allowed so far in the run, every group. */
  readonly total: number;
  /** Resources allowed so far in the action's group. */
  readonly inGroup: ReadonlySet<string>;
}

export type CapsDecision = { readonly allow: true } | { readonly allow: false; readonly reason: string };

const ALLOWED: CapsDecision = { allow: true };

function isHealthyInService(member: Group['members'][number]): boolean {
  return member.lifecycleState === 'InService' && member.healthStatus === 'Healthy';
}

/** Pending:Wait, Terminating:Proceed ... count as an activity in progress too. */
function isChanging(member: Group['members'][number]): boolean {
  return /^(Pending|Terminating)/.test(member.lifecycleState);
}

/** The most actions the percent cap allows in a group of this size (rounded down: 34% of 2 is 0). */
export function percentAllowance(percent: number, size: number): number {
  return Math.floor((percent * size) / 100 + 1e-9);
}

/**
 * The cap arithmetic, pure so a property test can drive it: may one more action on `resource` (in `group`, or in
 * no group) go ahead, given what the run already allowed? A resource already allowed in this run is allowed again
 * without counting twice (jobs are delivered at least once).
 */
export function decideCaps(caps: Caps, group: Group | null, resource: string, tally: RunTally): CapsDecision {
  if (tally.inGroup.has(resource)) return ALLOWED;
  if (caps.maxPerRun !== undefined && tally.total >= caps.maxPerRun) {
    return { allow: false, reason: `the run already took ${tally.total} action(s) (maxPerRun ${caps.maxPerRun})` };
  }
  if (!group) return ALLOWED;

  const name = group.name;
  if (group.status) return { allow: false, reason: `group ${name} is changing (status: ${group.status})` };
  const changing = group.members.filter(isChanging);
  if (changing.length > 0) {
    return {
      allow: false,
      reason: `group ${name} is in a scaling activity (${changing.map((m) => `${m.id} ${m.lifecycleState}`).join(', ')})`,
    };
  }
  const inService = group.members.filter((member) => member.lifecycleState === 'InService').length;
  if (inService < group.desired) {
    return { allow: false, reason: `group ${name} is below its desired capacity (${inService} of ${group.desired})` };
  }

  const already = tally.inGroup.size;
  if (caps.maxPerGroup !== undefined && already >= caps.maxPerGroup) {
    return {
      allow: false,
      reason: `the run already took ${already} action(s) in ${name} (maxPerGroup ${caps.maxPerGroup})`,
    };
  }
  if (caps.maxPerDayPerGroup !== undefined && already >= caps.maxPerDayPerGroup) {
    return {
      allow: false,
      reason: `the run already took ${already} action(s) in ${name} (maxPerDayPerGroup ${caps.maxPerDayPerGroup})`,
    };
  }
  if (caps.maxPercentPerGroup !== undefined) {
    const allowance = percentAllowance(caps.maxPercentPerGroup, group.desired);
    if (already + 1 > allowance) {
      return {
        allow: false,
        reason: `${already + 1} action(s) in ${name} would exceed ${caps.maxPercentPerGroup}% of its ${group.desired} instance(s) (at most ${allowance})`,
      };
    }
  }
  if (caps.minHealthy !== undefined) {
    const healthyLeft = group.members.filter(
      (member) => isHealthyInService(member) && member.id !== resource && !tally.inGroup.has(member.id),
    ).length;
    if (healthyLeft < caps.minHealthy) {
      return {
        allow: false,
        reason: `${name} would keep ${healthyLeft} healthy InService instance(s) (minHealthy ${caps.minHealthy})`,
      };
    }
  }
  return ALLOWED;
}
