import { z } from 'zod';
import type { Action } from '../../plan/action.js';
import { type Effect, type EffectContext, type EffectOutcome, revertOn } from '../effect.js';
import { applyEach } from './each-action.js';
import { ec2For } from './ec2-lookup.js';
import { autoScalingFor, groupsListing, removeSubnetFromGroups } from './group-subnets.js';
import {
  associate,
  denyAllNetworkAcl,
  recordedOriginalAcl,
  recordOriginalAcl,
  subnetAssociation,
} from './network-acls.js';
import { groupName, subnetId, vpcId } from './param-shapes.js';
import { isolationReach } from './subnet-reach.js';

function isMissingAcl(error: unknown): boolean {
  return error instanceof Error && /NotFound/i.test(error.name) && /acl|route/i.test(`${error.name} ${error.message}`);
}

async function isolate(action: Action, ctx: EffectContext): Promise<EffectOutcome> {
  const ec2 = ec2For(action, ctx);
  const current = await subnetAssociation(ec2, action.resource);
  if (!current) return { resource: action.resource, ok: false, error: 'the subnet has no network ACL association' };
  // The original lives on the subnet itself, written from a fresh read before the first swap: a later run (or a
  // redelivered job) finds it there instead of taking simian's deny-all for the original.
  if (!current.simianOwned) await recordOriginalAcl(ec2, action.resource, current.networkAclId);
  // No group may launch into the subnet while it is cut off; the revert gives the subnet back to each.
  const removedFrom = await removeSubnetFromGroups(autoScalingFor(action, ctx), action.resource);
  if (current.simianOwned) return { resource: action.resource, ok: true, already: removedFrom.length === 0 };
  const vpc = String(action.params.vpcId);
  try {
    await associate(ec2, current.associationId, await denyAllNetworkAcl(ec2, vpc));
  } catch (error) {
    // The last revert in the VPC may have just deleted the unused deny-all ACL: make it again, once.
    if (!isMissingAcl(error)) throw error;
    await associate(ec2, current.associationId, await denyAllNetworkAcl(ec2, vpc));
  }
  return { resource: action.resource, ok: true };
}

/**
 * Chaos Gorilla's `isolate` mode: associates a subnet with simian's deny-all network ACL, cutting the zone's traffic
 * while the instances keep running, and takes the subnet out of every group that lists it so none launches into it
 * meanwhile. Right before, its reach check spares a subnet that holds (or is launched into by) anything not opted in
 * at act time. Resource: the subnet id; params: { subnetId, vpcId, groups } (groups: the opted-in groups that listed
 * it at plan time, for the record; act time decides).
 */
export const isolateSubnets: Effect = {
  kind: 'isolate-subnets',
  description:
    "Swaps a subnet's network ACL for a simian-owned deny-all ACL and takes it out of the groups that list it (reverted by restore-nacl-associations)",
  permissions: [
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeInstances',
    'ec2:DescribeSubnets',
    'ec2:CreateNetworkAcl',
    'ec2:CreateTags',
    'ec2:ReplaceNetworkAclAssociation',
    'autoscaling:DescribeAutoScalingGroups',
    'autoscaling:UpdateAutoScalingGroup',
  ],
  batchSize: 1,
  pacing: 'ec2:ReplaceNetworkAclAssociation',
  capped: 'instance',
  paramsSchema: z.strictObject({ subnetId, vpcId, groups: z.array(groupName) }),

  reach: isolationReach,

  async capture(actions, ctx) {
    const saved = new Map<string, Record<string, unknown>>();
    for (const action of actions) {
      const ec2 = ec2For(action, ctx);
      const current = await subnetAssociation(ec2, action.resource);
      if (!current) continue;
      // Never another simian fault as the original: behind the deny-all already, follow the subnet's record.
      const original = current.simianOwned ? await recordedOriginalAcl(ec2, action.resource) : current.networkAclId;
      if (!original) {
        throw new Error(
          `${action.resource} is already behind simian's deny-all network ACL and records no original ACL (tag missing)`,
        );
      }
      const groups = await groupsListing(autoScalingFor(action, ctx), action.resource);
      saved.set(action.resource, { networkAclId: original, groups });
    }
    return saved;
  },

  apply: (actions, ctx) => applyEach(actions, (action) => isolate(action, ctx)),

  revertOf(action, saved) {
    return revertOn(action, 'restore-nacl-associations', {
      networkAclId: saved.networkAclId,
      groups: saved.groups ?? [],
    });
  },
};
