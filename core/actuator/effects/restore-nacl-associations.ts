import { z } from 'zod';
import type { Effect } from '../effect.js';
import { applyEach } from './each-action.js';
import { associate, subnetAssociation } from './network-acls.js';
import { networkAclId } from './param-shapes.js';

/** Associates a subnet with its saved network ACL again. Resource: the subnet id; params: { networkAclId }. */
export const restoreNaclAssociations: Effect = {
  kind: 'restore-nacl-associations',
  description: "Restores a subnet's original network ACL association (the revert of isolate-subnets)",
  permissions: ['ec2:DescribeNetworkAcls', 'ec2:ReplaceNetworkAclAssociation'],
  batchSize: 1,
  pacing: 'ec2:ReplaceNetworkAclAssociation',
  capped: 'none',
  paramsSchema: z.strictObject({ networkAclId }),

  apply: (actions, ctx) =>
    applyEach(actions, async (action) => {
      const ec2 = ctx.clients.ec2({ region: action.region, account: action.account, roleArn: ctx.roleArn });
      const wanted = String(action.params.networkAclId);
      const current = await subnetAssociation(ec2, action.resource);
      if (!current) return { resource: action.resource, ok: false, error: 'the subnet has no network ACL association' };
      if (current.networkAclId === wanted) return { resource: action.resource, ok: true, already: true };
      await associate(ec2, current.associationId, wanted);
      return { resource: action.resource, ok: true };
    }),
};
