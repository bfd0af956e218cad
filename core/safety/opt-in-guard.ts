import { decideOptIn, optInRulesFrom } from '../fleet/opt-in.js';
import type { Action } from '../plan/action.js';
import { type FreshLookup, type FreshView, isInstanceId } from './fresh-state.js';
import { type ActionGuard, ALLOW, type RunContext, type Verdict } from './guard.js';

/** States in which an instance is already going away (or asleep): acting on it again would be noise. */
const GONE_STATES = new Set(['shutting-down', 'terminated', 'stopping']);

function skip(reason: string): Verdict {
  return { allow: false, guard: 'opt-in', scope: 'action', reason };
}

/** The opt-in and resource-state verdict for one action, from what AWS says now. */
export function optInVerdict(action: Action, run: RunContext, view: FreshView): Verdict {
  if (action.group) {
    const group = view.group;
    if (!group) return skip(`group ${action.group} no longer exists`);
    const rules = run.optInRules ?? (run.entry ? optInRulesFrom(run.entry) : undefined);
    const where = { account: action.account, region: action.region };
    const decision = decideOptIn(group, run.monkey, rules, where, run.config.tags.prefix);
    if (!decision.eligible) return skip(`${decision.reason} (re-checked at action time)`);
  }
  if (view.instance === undefined && isInstanceId(action.resource)) {
    return skip(`instance ${action.resource} no longer exists`);
  }
  if (view.instance) {
    if (GONE_STATES.has(view.instance.state))
      return skip(`instance ${action.resource} is already ${view.instance.state}`);
    if (action.group && !view.group?.members.some((member) => member.id === action.resource)) {
      return skip(`instance ${action.resource} is no longer in group ${action.group}`);
    }
  }
  return ALLOW;
}

/**
 * Re-checks opt-in and resource state right before acting, from a fresh describe: tags may have changed since the
 * plan. If the describe fails, the action is skipped with the error as the reason.
 */
export function optInGuard(fresh: FreshLookup): ActionGuard {
  return {
    name: 'opt-in',
    async check(action, run) {
      let view: FreshView;
      try {
        view = await fresh.of(action, run);
      } catch (error) {
        return skip(`could not re-check ${action.resource}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return optInVerdict(action, run, view);
    },
  };
}
