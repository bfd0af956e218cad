import type { Tags } from '../../core/fleet/model.js';
import { readOptInTags } from '../../core/fleet/opt-in.js';

/** The Janitor's own key: `simian:janitor` = disabled (or false, any case) excludes a resource forever. */
export const JANITOR_KEY = 'simian:janitor';
/** The lifecycle tags (the contract's), kept on the resource itself; ISO 8601 UTC timestamps. */
export const RULE_TAG = 'simian:janitor:rule';
export const MARKED_AT_TAG = 'simian:janitor:marked-at';
export const DELETE_AFTER_TAG = 'simian:janitor:delete-after';
export const NOTIFIED_AT_TAG = 'simian:janitor:notified-at';
/** On volumes: the first run that saw it detached (AWS records no detach time). */
export const DETACHED_SEEN_AT_TAG = 'simian:janitor:detached-seen-at';
/** On other resources whose unused state AWS does not date (empty group, idle balancer, free address, stopped). */
export const UNUSED_SEEN_AT_TAG = 'simian:janitor:unused-seen-at';
/** On a snapshot taken before a volume's deletion: which volume, and until when it is kept. */
export const BACKUP_OF_TAG = 'simian:janitor:backup-of';
export const RETAIN_UNTIL_TAG = 'simian:janitor:retain-until';

/** Every lifecycle tag an unmark removes (the seen-at tags too: the clock restarts when it is unused again). */
export const LIFECYCLE_TAGS = [
  RULE_TAG,
  MARKED_AT_TAG,
  DELETE_AFTER_TAG,
  NOTIFIED_AT_TAG,
  DETACHED_SEEN_AT_TAG,
  UNUSED_SEEN_AT_TAG,
] as const;

/** A resource's Janitor mark, as its tags say; null when it carries none (or a broken one: then it is re-marked). */
export interface Mark {
  readonly rule: string;
  readonly markedAt: string;
  readonly deleteAfter: string;
  readonly notifiedAt: string | null;
}

function isoOrNull(value: string | undefined): string | null {
  if (!value) return null;
  return Number.isNaN(Date.parse(value)) ? null : value;
}

export function markOf(tags: Tags): Mark | null {
  const rule = tags[RULE_TAG];
  const markedAt = isoOrNull(tags[MARKED_AT_TAG]);
  const deleteAfter = isoOrNull(tags[DELETE_AFTER_TAG]);
  if (!rule || !markedAt || !deleteAfter) return null;
  return { rule, markedAt, deleteAfter, notifiedAt: isoOrNull(tags[NOTIFIED_AT_TAG]) };
}

/** Whether any lifecycle tag is present (an unmark has something to remove). */
export function hasLifecycleTags(tags: Tags): boolean {
  return LIFECYCLE_TAGS.some((key) => tags[key] !== undefined);
}

/** `simian:janitor=disabled` (or `false`), in any case of key and value: the reason, else null. */
export function optOutOf(tags: Tags): string | null {
  const tag = readOptInTags(tags, JANITOR_KEY).find((candidate) => candidate.meaning === 'disabled');
  return tag ? `opted out by ${tag.key}=${tag.raw}` : null;
}

/** A tag's timestamp as a Date (undefined when absent or unreadable). */
export function dateTag(tags: Tags, key: string): Date | undefined {
  const value = isoOrNull(tags[key]);
  return value ? new Date(value) : undefined;
}
