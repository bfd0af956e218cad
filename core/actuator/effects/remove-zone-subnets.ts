import { z } from 'zod';
import type { Action } from '../../plan/action.js';
import { type Effect, type EffectContext, type EffectOutcome, revertOn } from '../effect.js';
import { applyEach } from './each-action.js';
import { subnetId } from './param-shapes.js';

/** The group's VPCZoneIdentifier as AWS holds it now ("subnet-a,subnet-b"), or undefined if the group is gone. */
export async function currentVpcZoneIdentifier(
  action: Action,
  ctx: EffectContext,
  group: string,
): Promise<string | undefined> {
  const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
  const client = ctx.clients.autoScaling({ region: action.region, account: action.account, roleArn: ctx.roleArn });
  const answer = await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }));
  return answer.AutoScalingGroups?.[0]?.VPCZoneIdentifier;
}

export function splitSubnets(vpcZoneIdentifier: string): string[] {
  return vpcZoneIdentifier
    .split(',')
    .map((subnet) => subnet.trim())
    .filter(Boolean);
}

export async function updateVpcZoneIdentifier(action: Action, ctx: EffectContext, group: string, value: string) {
  const { UpdateAutoScalingGroupCommand } = await import('@aws-sdk/client-auto-scaling');
  const client = ctx.clients.autoScaling({ region: action.region, account: action.account, roleArn: ctx.roleArn });
  await client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group, VPCZoneIdentifier: value }));
}

async function removeSubnets(action: Action, ctx: EffectContext): Promise<EffectOutcome> {
  const removed = new Set(action.params.subnetIds as string[]);
  const current = await currentVpcZoneIdentifier(action, ctx, action.resource);
  if (current === undefined) return { resource: action.resource, ok: false, error: 'the group no longer exists' };
  const subnets = splitSubnets(current);
  const remaining = subnets.filter((subnet) => !removed.has(subnet));
  if (remaining.length === subnets.length) return { resource: action.resource, ok: true, already: true };
  if (remaining.length === 0) {
    return { resource: action.resource, ok: false, error: 'removing the zone would leave the group no subnet' };
  }
  await updateVpcZoneIdentifier(action, ctx, action.resource, remaining.join(','));
  return { resource: action.resource, ok: true };
}

/**
 * Chaos Gorilla's `exclude` mode: takes a zone's subnets out of an Auto Scaling group's VPCZoneIdentifier so that
 * replacements launch elsewhere. Resource: the group name; params: { zone, subnetIds }.
 */
export const removeZoneSubnets: Effect = {
  kind: 'remove-zone-subnets',
  description: "Removes one zone's subnets from an Auto Scaling group (reverted by restore-subnets)",
  permissions: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:UpdateAutoScalingGroup'],
  batchSize: 1,
  pacing: 'autoscaling:UpdateAutoScalingGroup',
  capped: 'none',
  paramsSchema: z.strictObject({ zone: z.string().min(1), subnetIds: z.array(subnetId).min(1) }),

  async capture(actions, ctx) {
    const saved = new Map<string, Record<string, unknown>>();
    for (const action of actions) {
      const current = await currentVpcZoneIdentifier(action, ctx, action.resource);
      if (current === undefined) continue;
      // A redelivered job may find the subnets already gone: put them back so the revert restores the original.
      const subnets = splitSubnets(current);
      const missing = (action.params.subnetIds as string[]).filter((subnet) => !subnets.includes(subnet));
      saved.set(action.resource, { vpcZoneIdentifier: [...subnets, ...missing].join(',') });
    }
    return saved;
  },

  apply: (actions, ctx) => applyEach(actions, (action) => removeSubnets(action, ctx)),

  revertOf(action, saved) {
    return revertOn(action, 'restore-subnets', { vpcZoneIdentifier: saved.vpcZoneIdentifier });
  },
};
