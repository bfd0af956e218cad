import { rdsSnapshotIdentifier } from '../../../core/aws/resources/rds-snapshot.js';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';

/**
 * Deletes a manual RDS DB snapshot (Janitor). Final: AWS keeps no copy, and `simian janitor restore` cannot bring it
 * back. AWS refuses one that is not `available` (InvalidDBSnapshotState): a failure, never retried into happening.
 */
export const deleteRdsSnapshot = janitorDeleteEffect({
  kind: 'delete-rds-snapshot',
  description: 'Delete an old manual RDS snapshot (Janitor; cannot be undone)',
  permissions: ['rds:DeleteDBSnapshot'],
  pacing: 'rds:DeleteDBSnapshot',
  goneCodes: ['DBSnapshotNotFound', 'DBSnapshotNotFoundFault'],
  async deleteOne(action, ctx) {
    const { DeleteDBSnapshotCommand } = await import('@aws-sdk/client-rds');
    await ctx.clients
      .rds(targetOf(action, ctx))
      .send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: rdsSnapshotIdentifier(action.resource) }));
  },
});
