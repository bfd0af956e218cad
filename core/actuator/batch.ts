import { errorMessage, idsNamedIn, isBadIdError } from '../aws/aws-error.js';
import type { Action } from '../plan/action.js';
import type { Effect, EffectContext, EffectOutcome } from './effect.js';
import type { Pacer } from './pacer.js';

/** Splits items into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += Math.max(1, size)) {
    chunks.push(items.slice(start, start + Math.max(1, size)));
  }
  return chunks;
}

const failed = (resource: string, error: string): EffectOutcome => ({ resource, ok: false, error });

/**
 * Applies one batch (at most the effect's batchSize, all of one account+region) and returns one outcome per action.
 *
 * AWS fails a whole call when one id in it is bad. Then the ids the error message names fail, and the rest is tried
 * again: one bad id among 1,000 costs 2 calls. When the message names none of the batch's ids, the batch is halved and
 * each half tried (about 2·log2(n) extra calls per bad id). Any other error fails the batch as a whole: throttling and
 * transient errors were already retried by the SDK.
 */
export async function applyBatch(
  effect: Effect,
  actions: readonly Action[],
  ctx: EffectContext,
  pacer: Pacer,
): Promise<EffectOutcome[]> {
  if (actions.length === 0) return [];
  await pacer.take(effect.pacing);
  try {
    return complete(actions, await effect.apply(actions, ctx));
  } catch (error) {
    const message = errorMessage(error);
    if (!isBadIdError(error)) return actions.map((action) => failed(action.resource, message));
    const named = idsNamedIn(
      message,
      actions.map((action) => action.resource),
    );
    if (named.size > 0 && named.size < actions.length) {
      const rest = actions.filter((action) => !named.has(action.resource));
      return [...[...named].map((id) => failed(id, message)), ...(await applyBatch(effect, rest, ctx, pacer))];
    }
    if (named.size === actions.length || actions.length === 1) {
      return actions.map((action) => failed(action.resource, message));
    }
    const half = Math.ceil(actions.length / 2);
    return [
      ...(await applyBatch(effect, actions.slice(0, half), ctx, pacer)),
      ...(await applyBatch(effect, actions.slice(half), ctx, pacer)),
    ];
  }
}

/** One outcome per action, even when an effect forgot one (that one counts as failed, never as done). */
function complete(actions: readonly Action[], outcomes: readonly EffectOutcome[]): EffectOutcome[] {
  const byResource = new Map(outcomes.map((outcome) => [outcome.resource, outcome]));
  return actions.map(
    (action) => byResource.get(action.resource) ?? failed(action.resource, 'the effect reported no outcome'),
  );
}
