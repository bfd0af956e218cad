import type { RecordStore } from '../../core/actuator/effect.js';
import type { AwsTarget } from '../../core/aws/clients.js';
import { RedisUnreachableError } from '../../core/redis/redis-call.js';
import { type JanitorMarkRecord, readMarkRecords } from './effects/janitor-record.js';
import type { Mark } from './tags.js';

/** The Janitor's record of its marks in one account and region, by resource id. */
export type MarkRecords = ReadonlyMap<string, JanitorMarkRecord>;

/**
 * Reads the record the plan decides from. null when there is none to read (no Redis, or it does not answer): the
 * plan then deletes nothing and restarts no clock (a dry run still plans; an armed run is refused without Redis).
 */
export async function readMarks(store: RecordStore | undefined, target: AwsTarget): Promise<MarkRecords | null> {
  if (!store || !target.account) return null;
  try {
    return await readMarkRecords(store, { account: target.account, region: target.region });
  } catch (error) {
    if (error instanceof RedisUnreachableError) return null;
    throw error;
  }
}

/** Whether the tags mirror the record exactly: the same rule, dates and notice (else the tags prove nothing). */
export function recordAgrees(mark: Mark, entry: JanitorMarkRecord | undefined): entry is JanitorMarkRecord {
  return (
    entry !== undefined &&
    entry.rule === mark.rule &&
    entry.markedAt === mark.markedAt &&
    entry.deleteAfter === mark.deleteAfter &&
    entry.notifiedAt === mark.notifiedAt
  );
}
