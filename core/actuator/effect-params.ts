import { z } from 'zod';
import type { Effect } from './effect.js';

/** Why `params` do not fit the effect's declared schema, in one line; null when they fit. */
export function paramsProblem(effect: Effect, params: unknown): string | null {
  const parsed = effect.paramsSchema.safeParse(params);
  if (parsed.success) return null;
  return z.prettifyError(parsed.error).replace(/\s*\n\s*/g, ' ');
}
