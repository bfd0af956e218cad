import type { Action } from '../../plan/action.js';
import type { EffectOutcome } from '../effect.js';

/** Applies one action at a time (APIs that take one resource); an error fails that action only, with its message. */
export async function applyEach(
  actions: readonly Action[],
  applyOne: (action: Action) => Promise<EffectOutcome>,
): Promise<EffectOutcome[]> {
  const outcomes: EffectOutcome[] = [];
  for (const action of actions) {
    try {
      outcomes.push(await applyOne(action));
    } catch (error) {
      outcomes.push({
        resource: action.resource,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return outcomes;
}
