import { errorMessage } from '../aws/aws-error.js';
import type { Group } from '../fleet/model.js';
import { decideOptIn, optInRulesFrom } from '../fleet/opt-in.js';
import type { OptInDecision } from '../fleet/opt-in-types.js';
import type { Action } from '../plan/action.js';
import type { RunContext } from '../safety/guard.js';
import type { Effect, EffectContext } from './effect.js';

/**
 * The run's opt-in decision for any group, as the opt-in guard makes it (the run's monkey, YAML rules and tag
 * prefix), for effects' reach checks (EffectContext.optIn). The group is the effect's fresh read, never the plan's.
 */
export function actTimeOptIn(run: RunContext): (group: Group) => OptInDecision {
  const rules = run.optInRules ?? (run.entry ? optInRulesFrom(run.entry) : undefined);
  const where = { account: run.account.id, region: run.region };
  return (group) => decideOptIn(group, { name: run.monkey, kind: run.kind }, rules, where, run.config.tags.prefix);
}

export interface ReachSplit {
  /** The actions whose reach is all opted in: to apply. */
  readonly reached: Action[];
  /** The actions to spare (guard `reach`), with why. */
  readonly spared: { readonly action: Action; readonly reason: string }[];
}

/**
 * Asks the effect's reach check right before applying a batch (armed and dry run alike). Fails closed: a check that
 * cannot be made spares the whole batch with the error as the reason.
 */
export async function checkReach(effect: Effect, actions: readonly Action[], ctx: EffectContext): Promise<ReachSplit> {
  if (!effect.reach || actions.length === 0) return { reached: [...actions], spared: [] };
  let verdicts: ReadonlyMap<string, string>;
  try {
    verdicts = await effect.reach(actions, ctx);
  } catch (error) {
    const reason = `what it would reach could not be checked: ${errorMessage(error)}`;
    return { reached: [], spared: actions.map((action) => ({ action, reason })) };
  }
  const split: ReachSplit = { reached: [], spared: [] };
  for (const action of actions) {
    const reason = verdicts.get(action.resource);
    if (reason === undefined) split.reached.push(action);
    else split.spared.push({ action, reason });
  }
  return split;
}
