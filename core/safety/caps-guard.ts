import { getEffect } from '../actuator/registry.js';
import type { Action } from '../plan/action.js';
import { decideCaps } from './caps.js';
import type { FreshLookup } from './fresh-state.js';
import { type ActionGuard, ALLOW, skip } from './guard.js';

/**
 * Whether an action counts against the caps: only kinds that take instances out of service do (their effect says
 * `capped: 'instance'`). A subnet removal or a revert neither counts nor is stopped: the caps count what they protect.
 */
export function countsAgainstCaps(action: Action): boolean {
  return getEffect(action.kind).capped !== 'none';
}

/**
 * Per-run, per-group, percent, minimum-healthy and scaling-activity caps, from a fresh view of the group. Create
 * one per run: it remembers what this run already allowed. It counts an allowed action even if a later guard
 * skips it, which can only make it stricter. Kinds that take no instance out of service pass uncounted.
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
      if (!countsAgainstCaps(action)) return ALLOW;
      let group = null;
      if (action.group) {
        try {
          group = (await fresh.of(action, run)).group ?? null;
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          return skip('caps', `could not read group ${action.group}: ${detail}`);
        }
        if (!group) {
          return skip('caps', `group ${action.group} no longer exists`);
        }
      }
      const inGroup = tallyOf(action);
      const decision = decideCaps(run.caps, group, action.resource, { total, inGroup });
      if (!decision.allow) return skip('caps', decision.reason);
      if (!inGroup.has(action.resource)) {
        inGroup.add(action.resource);
        total += 1;
      }
      return ALLOW;
    },
  };
}
