import type { DBClusterSnapshot, DBSnapshot } from '@aws-sdk/client-rds';
import type { AccountRead } from '../../core/aws/account-reads/account-read.js';
import {
  dbClusters,
  dbInstances,
  rdsClusterSnapshotRestorers,
  rdsSnapshotRestorers,
  type SnapshotParent,
} from '../../core/aws/account-reads/rds-snapshot-reads.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { mapLimit } from '../../core/aws/resources/support.js';
import type { ResourceRecord } from '../../core/aws/resources/types.js';
import { type FoundUse, IN_FLIGHT, readOrDoubt, type Unreadable } from './use-reads.js';

/**
 * What differs between instance snapshots and cluster snapshots: the fields that name their parent and source, and
 * the two reads (who may restore one, the parents that exist). The uses themselves are the same for both.
 */
interface SnapshotFamily<Raw> {
  /** In words: `RDS snapshot`, `Aurora cluster snapshot`. */
  readonly noun: string;
  /** In words: `DB instance`, `DB cluster`. */
  readonly parentNoun: string;
  readonly identifier: (raw: Raw) => string | undefined;
  readonly parentOf: (raw: Raw) => string | undefined;
  readonly created: (raw: Raw) => Date | undefined;
  readonly engine: (raw: Raw) => string | undefined;
  readonly status: (raw: Raw) => string | undefined;
  /** The snapshot a copy in progress is made from (an ARN or an identifier). */
  readonly copySource: (raw: Raw) => string | undefined;
  /** Account ids (or `all`) the `restore` attribute names: one call a snapshot. */
  readonly restorers: (identifier: string | undefined) => AccountRead<string[]>;
  readonly parents: AccountRead<SnapshotParent[]>;
}

const INSTANCE_SNAPSHOTS: SnapshotFamily<DBSnapshot> = {
  noun: 'RDS snapshot',
  parentNoun: 'DB instance',
  identifier: (raw) => raw.DBSnapshotIdentifier,
  parentOf: (raw) => raw.DBInstanceIdentifier,
  created: (raw) => raw.SnapshotCreateTime,
  engine: (raw) => raw.Engine,
  status: (raw) => raw.Status,
  copySource: (raw) => raw.SourceDBSnapshotIdentifier,
  restorers: rdsSnapshotRestorers,
  parents: dbInstances,
};

const CLUSTER_SNAPSHOTS: SnapshotFamily<DBClusterSnapshot> = {
  noun: 'Aurora cluster snapshot',
  parentNoun: 'DB cluster',
  identifier: (raw) => raw.DBClusterSnapshotIdentifier,
  parentOf: (raw) => raw.DBClusterIdentifier,
  created: (raw) => raw.SnapshotCreateTime,
  engine: (raw) => raw.Engine,
  status: (raw) => raw.Status,
  copySource: (raw) => raw.SourceDBClusterSnapshotArn,
  restorers: rdsClusterSnapshotRestorers,
  parents: dbClusters,
};

/**
 * Who else may restore each available snapshot (its `restore` attribute: account ids, or `all` when it is public),
 * one call a snapshot. A shared snapshot is someone else's restore point: in use.
 */
async function sharedSnapshots<Raw>(
  family: SnapshotFamily<Raw>,
  clients: AwsClients,
  target: AwsTarget,
  snapshots: readonly ResourceRecord<Raw>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  const found = await mapLimit(snapshots, IN_FLIGHT, (snapshot) =>
    readOrDoubt(
      `who may restore ${family.noun} ${snapshot.name ?? snapshot.id}`,
      [snapshot.id],
      unreadable,
      [],
      async () =>
        (await family.restorers(family.identifier(snapshot.raw)).read(clients, target)).map((value) => ({
          id: snapshot.id,
          by: value === 'all' ? 'everyone (public)' : `account ${value} (shared)`,
        })),
    ),
  );
  return found.flat();
}

/**
 * What the account's instances or clusters keep in use (100 a page): the latest manual snapshot of one that no
 * longer exists (its final snapshot, kept by default), and, while any is being created, every snapshot of its engine
 * (a restore from a snapshot is `creating`, and AWS does not say from which). A failed read leaves every snapshot in
 * doubt.
 */
async function parentKeeps<Raw>(
  family: SnapshotFamily<Raw>,
  clients: AwsClients,
  target: AwsTarget,
  snapshots: readonly ResourceRecord<Raw>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  const doubt = snapshots.map((snapshot) => snapshot.id);
  const parents = await readOrDoubt(`the ${family.parentNoun}s`, doubt, unreadable, undefined, () =>
    family.parents.read(clients, target),
  );
  if (!parents) return [];
  const createdAt = (snapshot: ResourceRecord<Raw>) => new Date(family.created(snapshot.raw) ?? 0).getTime();
  const live = new Set(parents.flatMap((parent) => parent.id ?? []));
  const latest = new Map<string, ResourceRecord<Raw>>();
  for (const snapshot of snapshots) {
    const of = family.parentOf(snapshot.raw);
    if (!of || live.has(of)) continue;
    const before = latest.get(of);
    if (!before || createdAt(snapshot) > createdAt(before)) latest.set(of, snapshot);
  }
  const uses: FoundUse[] = [];
  for (const [of, snapshot] of latest) {
    uses.push({ id: snapshot.id, by: `the final snapshot of deleted ${family.parentNoun} ${of} (its latest)` });
  }
  for (const parent of parents) {
    if (parent.status !== 'creating') continue;
    for (const snapshot of snapshots) {
      if (family.engine(snapshot.raw) !== parent.engine) continue;
      uses.push({
        id: snapshot.id,
        by: `${family.parentNoun} ${parent.id} being created (it may be restoring from this snapshot)`,
      });
    }
  }
  return uses;
}

/** Copies in progress name their source (an ARN or an identifier): the source is in use. */
function copiesInProgress<Raw>(family: SnapshotFamily<Raw>, snapshots: readonly ResourceRecord<Raw>[]): FoundUse[] {
  const byName = new Map(snapshots.map((snapshot) => [family.identifier(snapshot.raw), snapshot.id]));
  return snapshots.flatMap((copy) => {
    const source = family.copySource(copy.raw);
    if (!source || family.status(copy.raw) === 'available') return [];
    return [{ id: byName.get(source) ?? source, by: `copy in progress ${copy.name ?? copy.id}` }];
  });
}

async function snapshotUses<Raw>(
  family: SnapshotFamily<Raw>,
  clients: AwsClients,
  target: AwsTarget,
  snapshots: readonly ResourceRecord<Raw>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  if (snapshots.length === 0) return [];
  return [
    ...(await parentKeeps(family, clients, target, snapshots, unreadable)),
    ...copiesInProgress(family, snapshots),
  ];
}

/** Sharing, asked of the available snapshots among `candidates` alone (world.ts): one call a snapshot. */
async function snapshotSharing<Raw>(
  family: SnapshotFamily<Raw>,
  clients: AwsClients,
  target: AwsTarget,
  candidates: readonly ResourceRecord<Raw>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  const available = candidates.filter((snapshot) => family.status(snapshot.raw) === 'available');
  if (available.length === 0) return [];
  return sharedSnapshots(family, clients, target, available, unreadable);
}

/**
 * Every use of manual RDS snapshots that the listing does not show but sharing (rdsSnapshotSharing, candidates
 * only): final snapshots of deleted instances, instances being created, copies in progress. Read-only; a read that
 * fails leaves what it concerns unreadable, so in use (fail closed) and reported.
 */
export function rdsSnapshotUses(
  clients: AwsClients,
  target: AwsTarget,
  snapshots: readonly ResourceRecord<DBSnapshot>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  return snapshotUses(INSTANCE_SNAPSHOTS, clients, target, snapshots, unreadable);
}

/**
 * Who else may restore each candidate RDS snapshot (DescribeDBSnapshotAttributes, attribute `restore`), like an EBS
 * snapshot's createVolumePermission: a shared snapshot is someone else's restore point, in use.
 */
export function rdsSnapshotSharing(
  clients: AwsClients,
  target: AwsTarget,
  candidates: readonly ResourceRecord<DBSnapshot>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  return snapshotSharing(INSTANCE_SNAPSHOTS, clients, target, candidates, unreadable);
}

/**
 * The same uses of manual Aurora cluster snapshots (DescribeDBClusters): final snapshots of deleted clusters,
 * clusters being created (restoring), copies in progress; sharing is rdsClusterSnapshotSharing.
 */
export function rdsClusterSnapshotUses(
  clients: AwsClients,
  target: AwsTarget,
  snapshots: readonly ResourceRecord<DBClusterSnapshot>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  return snapshotUses(CLUSTER_SNAPSHOTS, clients, target, snapshots, unreadable);
}

/** Who else may restore each candidate Aurora cluster snapshot (DescribeDBClusterSnapshotAttributes). */
export function rdsClusterSnapshotSharing(
  clients: AwsClients,
  target: AwsTarget,
  candidates: readonly ResourceRecord<DBClusterSnapshot>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  return snapshotSharing(CLUSTER_SNAPSHOTS, clients, target, candidates, unreadable);
}
