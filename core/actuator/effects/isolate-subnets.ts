import { z } from 'zod';
import type { Effect } from '../effect.js';
import { applyEach } from './each-action.js';
import { associate, defaultNetworkAcl, denyAllNetworkAcl, subnetAssociation } from './network-acls.js';
import { groupName, subnetId, vpcId } from './param-shapes.js';

/**
 * Chaos Gorilla's `isolate` mode: associates a subnet with simian's deny-all network ACL, cutting the zone's
 * traffic while the instances keep running. Resource: the subnet id; params: { subnetId, vpcId }.
 */
export const isolateSubnets: Effect = {
  kind: 'isolate-subnets',
  description: "Swaps a subnet's network ACL for a simian-owned deny-all ACL (reverted by restore-nacl-associations)",
  permissions: [
    'ec2:DescribeNetworkAcls',
    'ec2:CreateNetworkAcl',
    'ec2:CreateTags',
    'ec2:ReplaceNetworkAclAssociation',
  ],
  batchSize: 1,
  pacing: 'ec2:ReplaceNetworkAclAssociation',
  capped: 'instance',
  paramsSchema: z.strictObject({ subnetId, vpcId, groups: z.array(groupName) }),

  async capture(actions, ctx) {
    const saved = new Map<string, Record<string, unknown>>();
    for (const action of actions) {
      const ec2 = ctx.clients.ec2({ region: action.region, account: action.account, roleArn: ctx.roleArn });
      const current = await subnetAssociation(ec2, action.resource);
      if (!current) continue;
      // Already isolated (a redelivered job): the original is unknown now, so the revert goes to the VPC default.
      const original = current.simianOwned
        ? await defaultNetworkAcl(ec2, String(action.params.vpcId))
        : current.networkAclId;
      if (original) saved.set(action.resource, { networkAclId: original });
    }
    return saved;
  },

  apply: (actions, ctx) =>
    applyEach(actions, async (action) => {
      const ec2 = ctx.clients.ec2({ region: action.region, account: action.account, roleArn: ctx.roleArn });
      const current = await subnetAssociation(ec2, action.resource);
      if (!current) return { resource: action.resource, ok: false, error: 'the subnet has no network ACL association' };
      if (current.simianOwned) return { resource: action.resource, ok: true, already: true };
      const denyAll = await denyAllNetworkAcl(ec2, String(action.params.vpcId));
      await associate(ec2, current.associationId, denyAll);
      return { resource: action.resource, ok: true, saved: { networkAclId: current.networkAclId } };
    }),

  revertOf(action, saved) {
    return {
      kind: 'restore-nacl-associations',
      resource: action.resource,
      account: action.account,
      region: action.region,
      params: { networkAclId: saved.networkAclId },
    };
  },
};
