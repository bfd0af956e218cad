import { InputError } from '../errors.js';
import type { Effect } from './effect.js';

/**
 * Every action kind simian can perform, by kind. Filled by the monkeys' registry (monkeys/index.ts), from the effects
 * each monkey declares; tests may register more.
 */
const effects = new Map<string, Effect>();

/** Adds an action kind. A second, different effect under a kind already taken is a programming error. */
export function registerEffect(effect: Effect): void {
  const existing = effects.get(effect.kind);
  if (existing && existing !== effect) throw new Error(`action kind "${effect.kind}" is registered twice`);
  effects.set(effect.kind, effect);
}

/** The effect of one kind; an unknown kind fails with the list of valid ones. */
export function getEffect(kind: string): Effect {
  const effect = effects.get(kind);
  if (!effect) {
    throw new InputError(`unknown action kind "${kind}" (valid kinds: ${[...effects.keys()].sort().join(', ')})`);
  }
  return effect;
}

/** Every registered effect, sorted by kind. */
export function allEffects(): Effect[] {
  return [...effects.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
