import type { EffectContext, ReachVerdicts } from '../../core/actuator/effect.js';
import type { Action } from '../../core/plan/action.js';
import { janitorOptOut } from './candidates.js';
import { deleteParams } from './effects/janitor-params.js';
import { getRule } from './rules/index.js';
import { evaluate } from './rules/rule.js';
import { markOf } from './tags.js';
import { buildUseIndex, usesOf } from './uses.js';
import { readWorld, recordsOf, SELF_REFERENCING } from './world.js';

/**
 * The action-time check of every Janitor deletion, right before the delete call: one fresh read of every type that
 * can reference a candidate, the use index built again from it, and for each action the same questions as the plan
 * asked — still there, not opted out, still marked exactly as planned (same rule, dates and notice), and still
 * violating its rule (so still unused by anything). Each action that fails one is spared with the reason; a read
 * that fails spares the whole batch (checkReach fails closed).
 */
export async function janitorRecheck(actions: readonly Action[], ctx: EffectContext): Promise<ReachVerdicts> {
  const verdicts = new Map<string, string>();
  const first = actions[0];
  if (!first) return verdicts;
  const target = { region: first.region, account: first.account, ...(ctx.roleArn ? { roleArn: ctx.roleArn } : {}) };
  const judged = new Set(actions.map((action) => deleteParams.parse(action.params).resourceType));
  // What costs a call per resource (sharing, termination protection) is read for this batch's resources alone; a
  // batch of one type that no other of its kind can use reads its own resources by id, every other type listed.
  const batch = actions.map((action) => action.resource);
  const [only] = judged;
  const byIds = judged.size === 1 && only && !SELF_REFERENCING.has(only) ? { type: only, ids: batch } : undefined;
  const world = await readWorld(ctx.clients.readOnly(), target, judged, undefined, () => batch, byIds);
  const index = buildUseIndex(world);
  for (const action of actions) {
    const params = deleteParams.parse(action.params);
    const record = recordsOf(world, params.resourceType).find((candidate) => candidate.id === action.resource);
    if (!record) {
      verdicts.set(action.resource, `${params.resourceType} ${action.resource} no longer exists`);
      continue;
    }
    const optOut = janitorOptOut(record);
    if (optOut) {
      verdicts.set(action.resource, `${optOut} (re-checked at action time)`);
      continue;
    }
    const mark = markOf(record.tags);
    const same =
      mark?.rule === params.rule &&
      mark.markedAt === params.markedAt &&
      mark.deleteAfter === params.deleteAfter &&
      mark.notifiedAt === params.notifiedAt;
    if (!same) {
      verdicts.set(action.resource, `the janitor mark of ${action.resource} changed since the plan`);
      continue;
    }
    const verdict = evaluate(getRule(params.rule), record, {
      index,
      world,
      now: new Date(params.plannedAt),
      days: params.days,
    });
    if (!verdict.violation) {
      const uses = usesOf(index, action.resource);
      const why = uses.length > 0 ? `in use: used by ${uses.join(', ')}` : `no longer violates ${params.rule}`;
      verdicts.set(action.resource, `${action.resource} is ${why} (re-checked at action time)`);
    }
  }
  return verdicts;
}
