import { DescribeSnapshotsCommand, type Filter, type Snapshot } from '@aws-sdk/client-ec2';
import type { AwsTarget } from '../clients.js';
import { ec2FilteredType } from './ec2-filtered.js';
import { tagsOf } from './support.js';

/**
 * The account's own filter: `OwnerIds: ['self']` on every call, plus an `owner-id` filter when the target names its
 * account (moto ignores OwnerIds=self for snapshots and answers some 1,200 public ones; AWS honours both).
 */
export function ownerFilters(target: AwsTarget): Filter[] {
  return target.account ? [{ Name: 'owner-id', Values: [target.account] }] : [];
}

/** EBS snapshots the account owns. DescribeSnapshots pages up to 1000. A deleted snapshot simply disappears. */
export const snapshotType = ec2FilteredType<Snapshot>({
  name: 'snapshot',
  idField: 'SnapshotId',
  nameField: 'Tags.Name',
  permission: 'ec2:DescribeSnapshots',
  idPattern: /^snap-[0-9a-f]{8,17}$/,
  idFilter: 'snapshot-id',
  maxPage: 1000,
  minPage: 5,
  baseFilters: ownerFilters,
  describe: async (ec2, input) => {
    const page = await ec2.send(new DescribeSnapshotsCommand({ ...input, OwnerIds: ['self'] }));
    return { items: page.Snapshots, next: page.NextToken };
  },
  toRecord: (raw) => {
    const tags = tagsOf(raw.Tags);
    return { id: raw.SnapshotId ?? '', name: tags.Name, tags, raw };
  },
});
