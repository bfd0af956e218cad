import { z } from 'zod';
import type { Effect } from '../effect.js';
import { applyEach } from './each-action.js';
import { vpcZoneIdentifier } from './param-shapes.js';
import { currentVpcZoneIdentifier, updateVpcZoneIdentifier } from './remove-zone-subnets.js';

/** Puts back an Auto Scaling group's saved VPCZoneIdentifier exactly. Resource: the group; params: { vpcZoneIdentifier }. */
export const restoreSubnets: Effect = {
  kind: 'restore-subnets',
  revert: true,
  description: "Restores an Auto Scaling group's original subnets (the revert of remove-zone-subnets)",
  permissions: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:UpdateAutoScalingGroup'],
  batchSize: 1,
  pacing: 'autoscaling:UpdateAutoScalingGroup',
  capped: 'none',
  paramsSchema: z.strictObject({ vpcZoneIdentifier }),

  apply: (actions, ctx) =>
    applyEach(actions, async (action) => {
      const wanted = String(action.params.vpcZoneIdentifier);
      const current = await currentVpcZoneIdentifier(action, ctx, action.resource);
      if (current === undefined) return { resource: action.resource, ok: false, error: 'the group no longer exists' };
      if (current === wanted) return { resource: action.resource, ok: true, already: true };
      await updateVpcZoneIdentifier(action, ctx, action.resource, wanted);
      return { resource: action.resource, ok: true };
    }),
};
