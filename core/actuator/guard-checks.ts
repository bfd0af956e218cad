import { errorMessage } from '../aws/aws-error.js';
import type { Action } from '../plan/action.js';
import { type ActionGuard, type RunContext, type RunGuard, refusal, type Stop, type Verdict } from '../safety/guard.js';
import type { GuardName } from '../safety/guard-name.js';

export type { Stop };

/** Guards re-asked right before each batch is applied, even when each action of the batch was already checked. */
export const RECHECKED_BEFORE_EACH_BATCH: ReadonlySet<GuardName> = new Set(['kill-switch']);

/** Told when a guard lets something through with a remark (e.g. "kill switch state unknown" in a dry run). */
export type NoteListener = (guard: GuardName, note: string) => void;

/**
 * The run guards in order; the first that says no refuses the run. A guard that cannot be evaluated refuses too
 * (fail closed): an unknown safety state never lets an action through.
 */
export async function checkRunGuards(
  guards: readonly RunGuard[],
  run: RunContext,
  onNote?: NoteListener,
): Promise<Stop | null> {
  const stop = await firstRefusal(guards, (guard) => guard.check(run), onNote);
  return stop && { ...stop, scope: 'run' };
}

/**
 * The action guards in order, right before the action's batch. The first that says no decides: `action` spares this
 * resource, `run` stops the run. A guard that throws stops the run: its state is unknown for every later action too.
 */
export async function checkActionGuards(
  guards: readonly ActionGuard[],
  action: Action,
  run: RunContext,
  onNote?: NoteListener,
): Promise<Stop | null> {
  return firstRefusal(guards, (guard) => guard.check(action, run), onNote);
}

/** Asks each guard in order and returns the first refusal; a guard that throws refuses the run (fail closed). */
async function firstRefusal<G extends { name: GuardName }>(
  guards: readonly G[],
  ask: (guard: G) => Verdict | Promise<Verdict>,
  onNote?: NoteListener,
): Promise<Stop | null> {
  for (const guard of guards) {
    let verdict: Verdict;
    try {
      verdict = await ask(guard);
    } catch (error) {
      return refusal(guard.name, `could not be checked: ${errorMessage(error)}`);
    }
    if (!verdict.allow) return verdict;
    if (verdict.note) onNote?.(guard.name, verdict.note);
  }
  return null;
}
