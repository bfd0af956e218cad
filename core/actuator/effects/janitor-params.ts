import { z } from 'zod';
import { JANITOR_RESOURCE_TYPES } from './janitor-types.js';

export { JANITOR_RESOURCE_TYPES, type JanitorResourceType } from './janitor-types.js';

const resourceType = z.enum(JANITOR_RESOURCE_TYPES);
const lifecycleKey = z.string().regex(/^simian:janitor:[a-z-]+$/, 'expected a simian:janitor:… tag key');
const iso = z.iso.datetime();

/** mark-for-janitor: the lifecycle tags to write (only keys under simian:janitor:). */
export const markParams = z.strictObject({
  resourceType,
  tags: z.record(lifecycleKey, z.string().min(1)),
});

/** unmark-for-janitor: the lifecycle tags to remove. */
export const unmarkParams = z.strictObject({
  resourceType,
  keys: z.array(lifecycleKey).min(1),
});

/**
 * A deletion: what the plan decided it from, so the action-time check can tell that nothing moved since (the same
 * mark, the same notice) and ask the rule again of a fresh read at the plan's time.
 */
export const deleteParams = z.strictObject({
  resourceType,
  rule: z.string().min(1),
  days: z.number().int().min(0),
  markedAt: iso,
  deleteAfter: iso,
  notifiedAt: iso,
  plannedAt: iso,
  /** Volumes: snapshot first, the snapshot kept until this date (absent: no snapshot). */
  backupRetainUntil: iso.optional(),
});
export type DeleteParams = z.infer<typeof deleteParams>;
