import { DeleteSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { rememberSecurityGroup } from './janitor-remember-network.js';

/**
 * Deletes an unused security group (Janitor). AWS itself refuses one an interface or another group's rule still
 * names (DependencyViolation): a failure, never retried into happening.
 */
export const deleteSecurityGroup = janitorDeleteEffect({
  kind: 'delete-security-group',
  description: 'Delete an unused security group (Janitor; its configuration is kept for restore)',
  permissions: ['ec2:DeleteSecurityGroup'],
  pacing: 'ec2:DeleteSecurityGroup',
  remember: rememberSecurityGroup,
  goneCodes: ['InvalidGroup.NotFound', 'InvalidGroupId.NotFound'],
  async deleteOne(action, ctx) {
    await ctx.clients.ec2(targetOf(action, ctx)).send(new DeleteSecurityGroupCommand({ GroupId: action.resource }));
  },
});
