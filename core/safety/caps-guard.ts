import type { Action } from '../plan/action.js';
import { decideCaps } from './caps.js';
import type { FreshLookup } from './fresh-state.js';
import { type ActionGuard, ALLOW } from './guard.js';

/**
 * Per-run, per-group, percent, minimum-healthy and scaling-activity caps, from a fresh view of the group. Create
 * one per run: it remembers what this run already allowed. It counts an allowed action even if a later guard
 * skips it, which can only make it stricter.
 */
export function capsGuard(fresh: FreshLookup): ActionGuard {
  let total = 0;
  // Resources allowed so far, per group ('' holds actions without a group).
  const byGroup = new Map<string, Set<string>>();

  const tallyOf = (action: Action) => {
    const key = action.group ?? '';
    let inGroup = byGroup.get(key);
    if (!inGroup) {
      inGroup = new Set();
      byGroup.set(key, inGroup);
    }
    return inGroup;
  };

  return {
    name: 'caps',
    async check(action, run) {
      let group = null;
      if (action.group) {
        try {
          group = (await fresh.of(action, run)).group ?? null;
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          return {
            allow: false,
            guard: 'caps',
            scope: 'action',
            reason: `could not read group ${action.group}: ${detail}`,
          };
        }
        if (!group) {
          return { allow: false, guard: 'caps', scope: 'action', reason: `group ${action.group} no longer exists` };
        }
      }
      const inGroup = tallyOf(action);
      const decision = decideCaps(run.caps, group, action.resource, { total, inGroup });
      if (!decision.allow) return { allow: false, guard: 'caps', scope: 'action', reason: decision.reason };
      if (!inGroup.has(action.resource)) {
        inGroup.add(action.resource);
        total += 1;
      }
      return ALLOW;
    },
  };
}
