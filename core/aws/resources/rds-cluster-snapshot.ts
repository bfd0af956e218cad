import type { DBClusterSnapshot, RDSClient } from '@aws-sdk/client-rds';
import { byIdsType } from './by-ids.js';
import { isManualSnapshot } from './rds-manual-snapshot.js';
import { tagsOf } from './support.js';

/** DescribeDBClusterSnapshots serves 20 to 100 a page; its `db-cluster-snapshot-id` filter takes as many identifiers. */
const MAX_PAGE = 100;

/**
 * The identifier an Aurora cluster snapshot ARN ends with
 * (`arn:aws:rds:us-east-1:123456789012:cluster-snapshot:orders-before-upgrade` → `orders-before-upgrade`).
 */
export function rdsClusterSnapshotIdentifier(arn: string): string {
  return arn.slice(arn.lastIndexOf(':cluster-snapshot:') + ':cluster-snapshot:'.length);
}

/**
 * Manual Aurora (and other RDS cluster engines') DB cluster snapshots, keyed by ARN. Tags come with the describe
 * (TagList). `fresh` asks 100 identifiers a call through the `db-cluster-snapshot-id` filter, which leaves gone ones
 * out; a snapshot being deleted is gone. The SDK package loads with the first read. Name: DBClusterSnapshotIdentifier.
 */
export const rdsClusterSnapshotType = byIdsType<RDSClient, DBClusterSnapshot>({
  name: 'rds-cluster-snapshot',
  service: 'RDS',
  idField: 'DBClusterSnapshotArn',
  nameField: 'DBClusterSnapshotIdentifier',
  permissions: ['rds:DescribeDBClusterSnapshots'],
  recognisable: true,
  // Manual snapshot identifiers hold no colon (automated `rds:…`, AWS Backup `awsbackup:…`).
  idPattern: /^arn:aws[a-z-]*:rds:[^:]+:\d{12}:cluster-snapshot:[A-Za-z][A-Za-z0-9-]*$/,
  client: (clients, target) => clients.rds(target),
  describe: async (rds, { ids, pageSize, token }) => {
    const { DescribeDBClusterSnapshotsCommand } = await import('@aws-sdk/client-rds');
    const page = await rds.send(
      new DescribeDBClusterSnapshotsCommand({
        SnapshotType: 'manual',
        ...(ids
          ? { Filters: [{ Name: 'db-cluster-snapshot-id', Values: ids.map(rdsClusterSnapshotIdentifier) }] }
          : {}),
        MaxRecords: pageSize,
        Marker: token,
      }),
    );
    return { items: page.DBClusterSnapshots, next: page.Marker };
  },
  maxPage: MAX_PAGE,
  minPage: 20,
  idsPerCall: MAX_PAGE,
  idOf: (raw) => raw.DBClusterSnapshotArn ?? '',
  toRecords: (_, raws) =>
    raws
      .filter((raw) => isManualSnapshot(raw, raw.DBClusterSnapshotIdentifier))
      .map((raw) => ({
        id: raw.DBClusterSnapshotArn ?? '',
        name: raw.DBClusterSnapshotIdentifier,
        tags: tagsOf(raw.TagList),
        raw,
      })),
  isGone: (record) => record.raw.Status === 'deleting',
});
