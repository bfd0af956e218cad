import { logGroupName } from '../../../core/aws/resources/log-group.js';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';

/**
 * Deletes a CloudWatch Logs log group and every event it holds (Janitor). Final: `simian janitor restore` cannot
 * bring its events back (a writer that logs again creates an empty group of the same name).
 */
export const deleteLogGroup = janitorDeleteEffect({
  kind: 'delete-log-group',
  description: 'Delete a log group with no recent event (Janitor; cannot be undone, its events are lost)',
  // Its fresh re-check reads again what writes to the group: declared account reads, granted with every read.
  permissions: ['logs:DeleteLogGroup'],
  pacing: 'logs:DeleteLogGroup',
  goneCodes: ['ResourceNotFoundException'],
  async deleteOne(action, ctx) {
    const { DeleteLogGroupCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    await ctx.clients
      .logs(targetOf(action, ctx))
      .send(new DeleteLogGroupCommand({ logGroupName: logGroupName(action.resource) }));
  },
});
