import type { AutoScalingClient, AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { z } from 'zod';
import type { Action } from '../../plan/action.js';
import type { EffectContext } from '../effect.js';
import { groupName, vpcZoneIdentifier } from './param-shapes.js';
import { splitSubnets } from './remove-zone-subnets.js';

/** A group that listed a subnet when it was isolated, and its VPCZoneIdentifier then (for the order to restore). */
export const listingGroupShape = z.strictObject({ name: groupName, vpcZoneIdentifier });
export type ListingGroup = z.infer<typeof listingGroupShape>;

export function autoScalingFor(action: Action, ctx: EffectContext): AutoScalingClient {
  return ctx.clients.autoScaling({
    region: action.region,
    account: action.account,
    ...(ctx.roleArn ? { roleArn: ctx.roleArn } : {}),
  });
}

/** Every Auto Scaling group of the action's account and region, as AWS describes them now (100 per call). */
export async function describeAllGroups(client: AutoScalingClient): Promise<AutoScalingGroup[]> {
  const { paginateDescribeAutoScalingGroups } = await import('@aws-sdk/client-auto-scaling');
  const groups: AutoScalingGroup[] = [];
  for await (const page of paginateDescribeAutoScalingGroups({ client }, { MaxRecords: 100 })) {
    groups.push(...(page.AutoScalingGroups ?? []));
  }
  return groups;
}

export function subnetsOfGroup(group: AutoScalingGroup): string[] {
  return splitSubnets(group.VPCZoneIdentifier ?? '');
}

/** The groups whose VPCZoneIdentifier holds the subnet now. */
export async function groupsListing(client: AutoScalingClient, subnetId: string): Promise<ListingGroup[]> {
  return (await describeAllGroups(client)).flatMap((group) =>
    group.AutoScalingGroupName && subnetsOfGroup(group).includes(subnetId)
      ? [{ name: group.AutoScalingGroupName, vpcZoneIdentifier: group.VPCZoneIdentifier ?? '' }]
      : [],
  );
}

/**
 * Takes the subnet out of every group that lists it, so none launches into it while it is isolated. Refuses
 * (throws, before any change) when a group would be left with no subnet. Answers the groups changed.
 */
export async function removeSubnetFromGroups(client: AutoScalingClient, subnetId: string): Promise<string[]> {
  const { UpdateAutoScalingGroupCommand } = await import('@aws-sdk/client-auto-scaling');
  const listing = await groupsListing(client, subnetId);
  const trapped = listing.find((group) => splitSubnets(group.vpcZoneIdentifier).length <= 1);
  if (trapped) throw new Error(`group ${trapped.name} has no subnet but ${subnetId}: it would launch into it`);
  for (const group of listing) {
    const remaining = splitSubnets(group.vpcZoneIdentifier).filter((subnet) => subnet !== subnetId);
    await client.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group.name, VPCZoneIdentifier: remaining.join(',') }),
    );
  }
  return listing.map((group) => group.name);
}

/**
 * The group's subnets with `subnetId` back in its saved place: the saved order for the subnets it still has, then
 * any it gained since (changes made to the group during the fault are kept).
 */
export function withSubnetBack(saved: readonly string[], current: readonly string[], subnetId: string): string[] {
  const keep = new Set([...current, subnetId]);
  const ordered = saved.filter((subnet) => keep.has(subnet));
  return [...ordered, ...current.filter((subnet) => !ordered.includes(subnet))];
}

/** Gives the subnet back to each group that listed it (idempotent: a group that has it again is left alone). */
export async function giveSubnetBack(
  client: AutoScalingClient,
  subnetId: string,
  groups: readonly ListingGroup[],
): Promise<{ changed: number; gone: string[] }> {
  const { DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } = await import(
    '@aws-sdk/client-auto-scaling'
  );
  let changed = 0;
  const gone: string[] = [];
  for (let start = 0; start < groups.length; start += 50) {
    const slice = groups.slice(start, start + 50);
    const answer = await client.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: slice.map((group) => group.name) }),
    );
    const found = new Map((answer.AutoScalingGroups ?? []).map((group) => [group.AutoScalingGroupName, group]));
    for (const saved of slice) {
      const group = found.get(saved.name);
      if (!group) {
        gone.push(saved.name);
        continue;
      }
      const current = subnetsOfGroup(group);
      if (current.includes(subnetId)) continue;
      const restored = withSubnetBack(splitSubnets(saved.vpcZoneIdentifier), current, subnetId);
      await client.send(
        new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: saved.name, VPCZoneIdentifier: restored.join(',') }),
      );
      changed += 1;
    }
  }
  return { changed, gone };
}
