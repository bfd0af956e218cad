import type { DBClusterSnapshot } from '@aws-sdk/client-rds';
import { attributesKnown } from '../world.js';
import { dateOf, type JanitorRule, nothingUses } from './rule.js';

/**
 * A manual Aurora DB cluster snapshot older than N days that nothing keeps: not shared with any account nor public
 * (its `restore` attribute), not the latest snapshot of a DB cluster that no longer exists (its final snapshot:
 * kept), not of an engine some cluster is being created with (a restore may be reading it), not the source of a copy
 * in progress. Only `available` snapshots are judged; automated and AWS Backup snapshots are never listed.
 */
export const oldRdsClusterSnapshot: JanitorRule<DBClusterSnapshot> = {
  id: 'old-rds-cluster-snapshot',
  type: 'rds-cluster-snapshot',
  description:
    'manual Aurora cluster snapshot older than N days, not shared or public, not the final snapshot of a deleted cluster, not being restored or copied',
  defaultDays: 90,
  unused(record, ctx) {
    if (record.raw.Status !== 'available' || record.raw.SnapshotType !== 'manual') return null;
    // Who may restore it is read for candidates alone: one left out is never found unused (fail closed).
    if (!attributesKnown(ctx.world.observed, record.id)) return null;
    if (nothingUses(ctx, record.id)) return null;
    return `Aurora cluster snapshot ${record.name ?? record.id} is shared with no one, not a final snapshot, and nothing restores or copies it`;
  },
  since: { created: (raw) => dateOf(raw.SnapshotCreateTime) },
};
