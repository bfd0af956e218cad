import { decideOptIn, optInRulesFrom, readOptInTags, resourceSpareReason } from '../fleet/opt-in.js';
import type { Action } from '../plan/action.js';
import { resourceTypeNameOf } from './fresh-resources.js';
import type { FreshLookup, FreshView } from './fresh-state.js';
import { type ActionGuard, ALLOW, type RunContext, skip as spare, type Verdict } from './guard.js';

/** States in which an instance is already going away (or asleep): acting on it again would be noise. */
const GONE_STATES = new Set(['shutting-down', 'terminated', 'stopping']);

function skip(reason: string): Verdict {
  return spare('opt-in', reason);
}

/** An opt-out written on the resource itself (`<prefix>:<monkey>` or `<prefix>:all` = disabled). */
function resourceOptOut(action: Action, run: RunContext, view: FreshView): string | null {
  const tags = view.resource?.tags ?? {};
  const prefix = run.config.tags.prefix;
  const keys = [`${prefix}:${run.monkey}`, `${prefix}:all`];
  // Janitor deletes: an unreadable value (maybe someone's opt-out) spares the resource as it spares a group.
  if (run.kind === 'janitor') return resourceSpareReason(action.resource, tags, keys);
  for (const key of keys) {
    const tag = readOptInTags(tags, key).find((candidate) => candidate.meaning === 'disabled');
    if (tag) return `${action.resource} is opted out by ${tag.key}=${tag.raw}`;
  }
  return null;
}

/** The opt-in and resource-state verdict for one action, from what AWS says now. */
export function optInVerdict(action: Action, run: RunContext, view: FreshView): Verdict {
  if (action.group) {
    const group = view.group;
    if (!group) return skip(`group ${action.group} no longer exists`);
    const rules = run.optInRules ?? (run.entry ? optInRulesFrom(run.entry) : undefined);
    const where = { account: action.account, region: action.region };
    const decision = decideOptIn(group, { name: run.monkey, kind: run.kind }, rules, where, run.config.tags.prefix);
    if (!decision.eligible) return skip(`${decision.reason} (re-checked at action time)`);
  }
  const type = resourceTypeNameOf(action.resource);
  if (type && !view.resource) return skip(`${type} ${action.resource} no longer exists`);
  const resource = view.resource;
  if (!resource) return ALLOW;
  if (resource.type === 'instance' && resource.state && GONE_STATES.has(resource.state)) {
    return skip(`instance ${action.resource} is already ${resource.state}`);
  }
  if (resource.type === 'instance' && action.group && !view.group?.members.some((m) => m.id === action.resource)) {
    return skip(`instance ${action.resource} is no longer in group ${action.group}`);
  }
  const optOut = resourceOptOut(action, run, view);
  if (optOut) return skip(`${optOut} (re-checked at action time)`);
  if (action.owner !== undefined) {
    const owner = resource.tags[run.config.tags.owner] ?? null;
    if (owner !== action.owner) {
      return skip(
        `the owner of ${action.resource} changed since the plan (${action.owner ?? 'none'} → ${owner ?? 'none'})`,
      );
    }
  }
  return ALLOW;
}

/**
 * Re-checks opt-in and resource state right before acting, from a fresh read: tags may have changed since the
 * plan. If the read fails, the action is skipped with the error as the reason.
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
