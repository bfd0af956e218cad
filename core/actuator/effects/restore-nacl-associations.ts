import { z } from 'zod';
import type { Action } from '../../plan/action.js';
import type { Effect, EffectContext, EffectOutcome } from '../effect.js';
import { applyEach } from './each-action.js';
import { ec2For } from './ec2-lookup.js';
import { autoScalingFor, giveSubnetBack, type ListingGroup, listingGroupShape } from './group-subnets.js';
import {
  associate,
  deleteDenyAllIfUnused,
  forgetOriginalAcl,
  isSimianAcl,
  networkAcl,
  recordedOriginalAcl,
  subnetAssociation,
} from './network-acls.js';
import { networkAclId } from './param-shapes.js';

/**
 * The ACL to go back to: the saved one, unless it is itself a simian deny-all ACL (a record from before simian kept
 * the original on the subnet, or an overlap it could not see): then the original recorded on the subnet.
 */
async function wantedAcl(action: Action, ctx: EffectContext): Promise<string | undefined> {
  const ec2 = ec2For(action, ctx);
  const saved = String(action.params.networkAclId);
  const acl = await networkAcl(ec2, saved);
  if (acl && !isSimianAcl(acl)) return saved;
  return recordedOriginalAcl(ec2, action.resource);
}

async function restore(action: Action, ctx: EffectContext): Promise<EffectOutcome> {
  const ec2 = ec2For(action, ctx);
  const wanted = await wantedAcl(action, ctx);
  if (!wanted) {
    return {
      resource: action.resource,
      ok: false,
      error: `the saved network ACL ${String(action.params.networkAclId)} is gone or simian's own, and the subnet records no original`,
    };
  }
  const current = await subnetAssociation(ec2, action.resource);
  if (!current) return { resource: action.resource, ok: false, error: 'the subnet has no network ACL association' };
  const moved = current.networkAclId !== wanted;
  if (moved) await associate(ec2, current.associationId, wanted);
  // Only now may the groups launch into it again.
  const groups = (action.params.groups as ListingGroup[] | undefined) ?? [];
  const { changed } = await giveSubnetBack(autoScalingFor(action, ctx), action.resource, groups);
  // The record goes with the isolation; one that a new isolation wrote meanwhile stays.
  if (!(await subnetAssociation(ec2, action.resource))?.simianOwned) await forgetOriginalAcl(ec2, action.resource);
  if (current.simianOwned) await deleteDenyAllIfUnused(ec2, current.networkAclId);
  return { resource: action.resource, ok: true, ...(moved || changed > 0 ? {} : { already: true }) };
}

/**
 * The revert of isolate-subnets: associates the subnet with its original network ACL again (never a simian one),
 * gives the subnet back to the groups that listed it, and deletes simian's deny-all ACL once no subnet uses it.
 * Resource: the subnet id; params: { networkAclId, groups? } (records from before groups were kept have none).
 */
export const restoreNaclAssociations: Effect = {
  kind: 'restore-nacl-associations',
  revert: true,
  description:
    "Restores a subnet's original network ACL association and its groups' subnets (the revert of isolate-subnets)",
  permissions: [
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeSubnets',
    'ec2:ReplaceNetworkAclAssociation',
    'ec2:DeleteTags',
    'ec2:DeleteNetworkAcl',
    'autoscaling:DescribeAutoScalingGroups',
    'autoscaling:UpdateAutoScalingGroup',
  ],
  batchSize: 1,
  pacing: 'ec2:ReplaceNetworkAclAssociation',
  capped: 'none',
  paramsSchema: z.strictObject({ networkAclId, groups: z.array(listingGroupShape).optional() }),

  apply: (actions, ctx) => applyEach(actions, (action) => restore(action, ctx)),
};
