import { rdsClusterSnapshotIdentifier } from '../../../core/aws/resources/rds-cluster-snapshot.js';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';

/**
 * Deletes a manual Aurora DB cluster snapshot (Janitor). Final: AWS keeps no copy, and `simian janitor restore`
 * cannot bring it back. AWS refuses one that is not `available` (InvalidDBClusterSnapshotStateFault): a failure,
 * never retried into happening.
 */
export const deleteRdsClusterSnapshot = janitorDeleteEffect({
  kind: 'delete-rds-cluster-snapshot',
  description: 'Delete an old manual Aurora cluster snapshot (Janitor; cannot be undone)',
  // Its fresh re-check reads again who may restore it and which clusters exist: declared account reads.
  permissions: ['rds:DeleteDBClusterSnapshot'],
  pacing: 'rds:DeleteDBClusterSnapshot',
  goneCodes: ['DBClusterSnapshotNotFoundFault', 'DBClusterSnapshotNotFound'],
  async deleteOne(action, ctx) {
    const { DeleteDBClusterSnapshotCommand } = await import('@aws-sdk/client-rds');
    await ctx.clients.rds(targetOf(action, ctx)).send(
      new DeleteDBClusterSnapshotCommand({
        DBClusterSnapshotIdentifier: rdsClusterSnapshotIdentifier(action.resource),
      }),
    );
  },
});
