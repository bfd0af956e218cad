import type { DBInstance, DBSnapshot } from '@aws-sdk/client-rds';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { collectPages, mapLimit } from '../../core/aws/resources/support.js';
import type { ResourceRecord } from '../../core/aws/resources/types.js';
import { type FoundUse, IN_FLIGHT, readOrDoubt, type Unreadable } from './use-reads.js';

/** DescribeDBInstances serves at most 100 a page. */
const DB_INSTANCES_PAGE = 100;

const createdAt = (snapshot: DBSnapshot) => new Date(snapshot.SnapshotCreateTime ?? 0).getTime();

/**
 * Who else may restore each available snapshot (DescribeDBSnapshotAttributes, attribute `restore`: account ids, or
 * `all` when it is public), one call a snapshot: asked of the candidates alone (world.ts), like an EBS snapshot's
 * createVolumePermission. A shared snapshot is someone else's restore point: in use.
 */
export async function rdsSnapshotSharing(
  clients: AwsClients,
  target: AwsTarget,
  snapshots: readonly ResourceRecord<DBSnapshot>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  const available = snapshots.filter((snapshot) => snapshot.raw.Status === 'available');
  if (available.length === 0) return [];
  const { DescribeDBSnapshotAttributesCommand } = await import('@aws-sdk/client-rds');
  const rds = clients.rds(target);
  const found = await mapLimit(available, IN_FLIGHT, (snapshot) =>
    readOrDoubt(
      `who may restore RDS snapshot ${snapshot.name ?? snapshot.id}`,
      [snapshot.id],
      unreadable,
      [],
      async () => {
        const answer = await rds.send(
          new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: snapshot.raw.DBSnapshotIdentifier }),
        );
        const attributes = answer.DBSnapshotAttributesResult?.DBSnapshotAttributes ?? [];
        const who = attributes.filter((attribute) => attribute.AttributeName === 'restore');
        return who
          .flatMap((attribute) => attribute.AttributeValues ?? [])
          .map((value) => ({
            id: snapshot.id,
            by: value === 'all' ? 'everyone (public)' : `account ${value} (shared)`,
          }));
      },
    ),
  );
  return found.flat();
}

/**
 * What the account's DB instances keep in use (DescribeDBInstances, 100 a page): the latest manual snapshot of an
 * instance that no longer exists (its final snapshot, kept by default), and, while any instance is being created,
 * every snapshot of its engine (an instance restoring from a snapshot is `creating`, and AWS does not say from
 * which). A failed read leaves every snapshot in doubt.
 */
async function instanceKeeps(
  clients: AwsClients,
  target: AwsTarget,
  snapshots: readonly ResourceRecord<DBSnapshot>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  const { DescribeDBInstancesCommand } = await import('@aws-sdk/client-rds');
  const rds = clients.rds(target);
  const doubt = snapshots.map((snapshot) => snapshot.id);
  const instances = await readOrDoubt('the DB instances', doubt, unreadable, undefined, () =>
    collectPages<DBInstance>(async (token) => {
      const page = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: DB_INSTANCES_PAGE, Marker: token }));
      return { items: page.DBInstances, next: page.Marker };
    }),
  );
  if (!instances) return [];
  const live = new Set(instances.flatMap((instance) => instance.DBInstanceIdentifier ?? []));
  const uses: FoundUse[] = [];
  const latest = new Map<string, ResourceRecord<DBSnapshot>>();
  for (const snapshot of snapshots) {
    const of = snapshot.raw.DBInstanceIdentifier;
    if (!of || live.has(of)) continue;
    const before = latest.get(of);
    if (!before || createdAt(snapshot.raw) > createdAt(before.raw)) latest.set(of, snapshot);
  }
  for (const [of, snapshot] of latest) {
    uses.push({ id: snapshot.id, by: `the final snapshot of deleted DB instance ${of} (its latest)` });
  }
  for (const instance of instances) {
    if (instance.DBInstanceStatus !== 'creating') continue;
    for (const snapshot of snapshots) {
      if (snapshot.raw.Engine !== instance.Engine) continue;
      uses.push({
        id: snapshot.id,
        by: `DB instance ${instance.DBInstanceIdentifier} being created (it may be restoring from this snapshot)`,
      });
    }
  }
  return uses;
}

/** Copies in progress name their source (SourceDBSnapshotIdentifier, an ARN or an identifier): the source is in use. */
function copiesInProgress(snapshots: readonly ResourceRecord<DBSnapshot>[]): FoundUse[] {
  const byName = new Map(snapshots.map((snapshot) => [snapshot.raw.DBSnapshotIdentifier, snapshot.id]));
  return snapshots.flatMap((copy) => {
    const source = copy.raw.SourceDBSnapshotIdentifier;
    if (!source || copy.raw.Status === 'available') return [];
    return [{ id: byName.get(source) ?? source, by: `copy in progress ${copy.name ?? copy.id}` }];
  });
}

/**
 * Every use of manual RDS snapshots that the listing does not show but sharing (rdsSnapshotSharing, candidates
 * only): final snapshots of deleted instances, instances being created, copies in progress. Read-only; a read that
 * fails leaves what it concerns unreadable, so in use (fail closed) and reported.
 */
export async function rdsSnapshotUses(
  clients: AwsClients,
  target: AwsTarget,
  snapshots: readonly ResourceRecord<DBSnapshot>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  if (snapshots.length === 0) return [];
  return [...(await instanceKeeps(clients, target, snapshots, unreadable)), ...copiesInProgress(snapshots)];
}
