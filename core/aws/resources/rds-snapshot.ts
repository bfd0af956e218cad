import type { DBSnapshot, RDSClient } from '@aws-sdk/client-rds';
import { byIdsType } from './by-ids.js';
import { isManualSnapshot } from './rds-manual-snapshot.js';
import { tagsOf } from './support.js';

/** DescribeDBSnapshots serves 20 to 100 a page; its `db-snapshot-id` filter takes as many identifiers. */
const MAX_PAGE = 100;

/** The identifier an RDS snapshot ARN ends with (`arn:aws:rds:us-east-1:123456789012:snapshot:nightly-1` → `nightly-1`). */
export function rdsSnapshotIdentifier(arn: string): string {
  return arn.slice(arn.lastIndexOf(':snapshot:') + ':snapshot:'.length);
}

/**
 * Manual RDS DB snapshots (instance snapshots), keyed by ARN: automated and AWS Backup ones belong to their
 * retention rules and are never listed (isManualSnapshot). Tags come with the describe (TagList). `fresh` asks 100
 * identifiers a call through the `db-snapshot-id` filter, which leaves gone ones out; a snapshot being deleted is
 * gone. The SDK package loads with the first read. Name: DBSnapshotIdentifier.
 */
export const rdsSnapshotType = byIdsType<RDSClient, DBSnapshot>({
  name: 'rds-snapshot',
  service: 'RDS',
  idField: 'DBSnapshotArn',
  nameField: 'DBSnapshotIdentifier',
  permissions: ['rds:DescribeDBSnapshots'],
  recognisable: true,
  // Manual snapshot identifiers hold no colon (automated ones are `rds:<instance>-<date>`).
  idPattern: /^arn:aws[a-z-]*:rds:[^:]+:\d{12}:snapshot:[A-Za-z][A-Za-z0-9-]*$/,
  client: (clients, target) => clients.rds(target),
  describe: async (rds, { ids, pageSize, token }) => {
    const { DescribeDBSnapshotsCommand } = await import('@aws-sdk/client-rds');
    const page = await rds.send(
      new DescribeDBSnapshotsCommand({
        SnapshotType: 'manual',
        ...(ids ? { Filters: [{ Name: 'db-snapshot-id', Values: ids.map(rdsSnapshotIdentifier) }] } : {}),
        MaxRecords: pageSize,
        Marker: token,
      }),
    );
    return { items: page.DBSnapshots, next: page.Marker };
  },
  maxPage: MAX_PAGE,
  minPage: 20,
  idsPerCall: MAX_PAGE,
  idOf: (raw) => raw.DBSnapshotArn ?? '',
  toRecords: (_, raws) =>
    raws
      .filter((raw) => isManualSnapshot(raw, raw.DBSnapshotIdentifier))
      .map((raw) => ({ id: raw.DBSnapshotArn ?? '', name: raw.DBSnapshotIdentifier, tags: tagsOf(raw.TagList), raw })),
  isGone: (record) => record.raw.Status === 'deleting',
});
