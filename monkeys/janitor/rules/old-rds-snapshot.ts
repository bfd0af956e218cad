import type { DBSnapshot } from '@aws-sdk/client-rds';
import { attributesKnown } from '../world.js';
import { dateOf, type JanitorRule, nothingUses } from './rule.js';

/**
 * A manual RDS snapshot older than N days that nothing keeps: not shared with any account nor public (its `restore`
 * attribute), not the latest snapshot of a DB instance that no longer exists (its final snapshot: kept), not of an
 * engine some instance is being created with (a restore may be reading it), not the source of a copy in progress.
 * Only `available` snapshots are judged; automated snapshots are never listed.
 */
export const oldRdsSnapshot: JanitorRule<DBSnapshot> = {
  id: 'old-rds-snapshot',
  type: 'rds-snapshot',
  description:
    'manual RDS snapshot older than N days, not shared or public, not the final snapshot of a deleted instance, not being restored or copied',
  defaultDays: 90,
  unused(record, ctx) {
    if (record.raw.Status !== 'available' || record.raw.SnapshotType !== 'manual') return null;
    // Who may restore it is read for candidates alone: one left out is never found unused (fail closed).
    if (!attributesKnown(ctx.world.observed, record.id)) return null;
    if (nothingUses(ctx, record.id)) return null;
    return `RDS snapshot ${record.name ?? record.id} is shared with no one, not a final snapshot, and nothing restores or copies it`;
  },
  since: { created: (raw) => dateOf(raw.SnapshotCreateTime) },
};
