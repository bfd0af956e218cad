import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

export const SNAPSHOT_SHARING: AccountReadKind = {
  kind: 'snapshot-sharing',
  service: 'EC2',
  permissions: ['ec2:DescribeSnapshotAttribute'],
};

/**
 * Who else may create volumes from one EBS snapshot (DescribeSnapshotAttribute createVolumePermission, one snapshot
 * a call: AWS has no batched form): account ids and groups such as `all`.
 */
export function snapshotSharedWith(snapshotId: string): AccountRead<string[]> {
  return accountRead(
    SNAPSHOT_SHARING,
    async (clients, target) => {
      const { DescribeSnapshotAttributeCommand } = await import('@aws-sdk/client-ec2');
      const answer = await clients
        .ec2(target)
        .send(new DescribeSnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission' }));
      return (answer.CreateVolumePermissions ?? []).flatMap((permission) =>
        [permission.UserId, permission.Group].filter((who): who is string => Boolean(who)),
      );
    },
    { name: `${SNAPSHOT_SHARING.kind}:${snapshotId}` },
  );
}
