import { z } from 'zod';
import { janitorMarkRecord } from './janitor-record.js';
import { JANITOR_RESOURCE_TYPES } from './janitor-types.js';

export { JANITOR_RESOURCE_TYPES, type JanitorResourceType } from './janitor-types.js';

const resourceType = z.enum(JANITOR_RESOURCE_TYPES);
const lifecycleKey = z.string().regex(/^simian:janitor:[a-z-]+$/, 'expected a simian:janitor:… tag key');
const iso = z.iso.datetime();

const tagsToWrite = { resourceType, tags: z.record(lifecycleKey, z.string().min(1)) };

/** note-seen: the seen-at clocks to start (the first run that saw a resource unused). */
export const seenParams = z.strictObject(tagsToWrite);

/**
 * mark-for-janitor: the lifecycle tags to write (only keys under simian:janitor:), and the Janitor's own record of
 * the mark as it stands once they are written (a fresh mark, or a notice recorded).
 */
export const markParams = z.strictObject({
  ...tagsToWrite,
  record: janitorMarkRecord.optional(),
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
  /** Whom the Janitor's record says it told: the record must still say so at action time. */
  notifiedOwner: z.string().min(1).nullable(),
  plannedAt: iso,
  /** Volumes: snapshot first, the snapshot kept until this date (absent: no snapshot). */
  backupRetainUntil: iso.optional(),
});
export type DeleteParams = z.infer<typeof deleteParams>;
