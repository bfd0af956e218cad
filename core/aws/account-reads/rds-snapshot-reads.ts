import { collectPages } from '../resources/support.js';
import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

// What keeps a manual RDS snapshot in use beyond its listing (Janitor): who else may restore it, and the DB instances
// or clusters it is taken of.

const RDS_SNAPSHOT_RESTORERS: AccountReadKind = {
  kind: 'rds-snapshot-restorers',
  service: 'RDS',
  permissions: ['rds:DescribeDBSnapshotAttributes'],
};

const RDS_CLUSTER_SNAPSHOT_RESTORERS: AccountReadKind = {
  kind: 'rds-cluster-snapshot-restorers',
  service: 'RDS',
  permissions: ['rds:DescribeDBClusterSnapshotAttributes'],
};

const DB_INSTANCES: AccountReadKind = {
  kind: 'rds-db-instances',
  service: 'RDS',
  permissions: ['rds:DescribeDBInstances'],
};

const DB_CLUSTERS: AccountReadKind = {
  kind: 'rds-db-clusters',
  service: 'RDS',
  permissions: ['rds:DescribeDBClusters'],
};

/** What a snapshot is taken of (a DB instance, a DB cluster): its id, engine and status. */
export interface SnapshotParent {
  readonly id: string | undefined;
  readonly engine: string | undefined;
  readonly status: string | undefined;
}

/** DescribeDBInstances and DescribeDBClusters serve at most 100 a page. */
const PARENTS_PAGE = 100;

const restoreValues = (attributes: readonly { AttributeName?: string; AttributeValues?: string[] }[] | undefined) =>
  (attributes ?? [])
    .filter((attribute) => attribute.AttributeName === 'restore')
    .flatMap((attribute) => attribute.AttributeValues ?? []);

/** Account ids (or `all`) the `restore` attribute of one manual DB snapshot names (DescribeDBSnapshotAttributes). */
export function rdsSnapshotRestorers(identifier: string | undefined): AccountRead<string[]> {
  return accountRead(
    RDS_SNAPSHOT_RESTORERS,
    async (clients, target) => {
      const { DescribeDBSnapshotAttributesCommand } = await import('@aws-sdk/client-rds');
      const answer = await clients
        .rds(target)
        .send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: identifier }));
      return restoreValues(answer.DBSnapshotAttributesResult?.DBSnapshotAttributes);
    },
    { name: `${RDS_SNAPSHOT_RESTORERS.kind}:${identifier}` },
  );
}

/** The same of one manual Aurora cluster snapshot (DescribeDBClusterSnapshotAttributes). */
export function rdsClusterSnapshotRestorers(identifier: string | undefined): AccountRead<string[]> {
  return accountRead(
    RDS_CLUSTER_SNAPSHOT_RESTORERS,
    async (clients, target) => {
      const { DescribeDBClusterSnapshotAttributesCommand } = await import('@aws-sdk/client-rds');
      const answer = await clients
        .rds(target)
        .send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: identifier }));
      return restoreValues(answer.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes);
    },
    { name: `${RDS_CLUSTER_SNAPSHOT_RESTORERS.kind}:${identifier}` },
  );
}

/** Every DB instance of the region (100 a page), as a snapshot's parent. */
export const dbInstances = accountRead(DB_INSTANCES, async (clients, target): Promise<SnapshotParent[]> => {
  const { DescribeDBInstancesCommand } = await import('@aws-sdk/client-rds');
  const rds = clients.rds(target);
  const instances = await collectPages(async (token) => {
    const page = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: PARENTS_PAGE, Marker: token }));
    return { items: page.DBInstances, next: page.Marker };
  });
  return instances.map((instance) => ({
    id: instance.DBInstanceIdentifier,
    engine: instance.Engine,
    status: instance.DBInstanceStatus,
  }));
});

/** Every DB cluster of the region (100 a page), as a cluster snapshot's parent. */
export const dbClusters = accountRead(DB_CLUSTERS, async (clients, target): Promise<SnapshotParent[]> => {
  const { DescribeDBClustersCommand } = await import('@aws-sdk/client-rds');
  const rds = clients.rds(target);
  const clusters = await collectPages(async (token) => {
    const page = await rds.send(new DescribeDBClustersCommand({ MaxRecords: PARENTS_PAGE, Marker: token }));
    return { items: page.DBClusters, next: page.Marker };
  });
  return clusters.map((cluster) => ({
    id: cluster.DBClusterIdentifier,
    engine: cluster.Engine,
    status: cluster.Status,
  }));
});

export const RDS_SNAPSHOT_READ_KINDS: readonly AccountReadKind[] = [
  RDS_SNAPSHOT_RESTORERS,
  RDS_CLUSTER_SNAPSHOT_RESTORERS,
  DB_INSTANCES,
  DB_CLUSTERS,
];
