import type { AutoScalingGroup, LaunchConfiguration } from '@aws-sdk/client-auto-scaling';
import type { Address, Image, Instance, Snapshot, Volume } from '@aws-sdk/client-ec2';
import type { LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { addNetworkUses } from './network-uses.js';
import { recordsOf, type World } from './world.js';

/**
 * Who uses what, built once from a world (the plan's snapshot, or a fresh read at action time): resource id →
 * every use found, in words ("launch template web (lt-0abc) version 3"). One function answers for the plan and for
 * the action-time re-check, so the two can never disagree on what counts as a use.
 */
export type UseIndex = ReadonlyMap<string, readonly string[]>;

/** `snap-…` ids a text names (a copy's description: "Copied for DestinationAmi … from SourceSnapshot snap-…"). */
function snapshotIdsIn(text: string | undefined): string[] {
  return text?.match(/snap-[0-9a-f]{8,17}/g) ?? [];
}

function mappedSnapshots(mappings: readonly { Ebs?: { SnapshotId?: string } }[] | undefined): string[] {
  return (mappings ?? []).flatMap((mapping) => mapping.Ebs?.SnapshotId ?? []);
}

export function buildUseIndex(world: World): UseIndex {
  const uses = new Map<string, string[]>();
  const use = (id: string | undefined, by: string) => {
    if (!id) return;
    const found = uses.get(id) ?? [];
    if (!found.includes(by)) found.push(by);
    uses.set(id, found);
  };

  for (const { id, raw } of recordsOf<Instance>(world, 'instance')) {
    use(raw.ImageId, `instance ${id} (${raw.State?.Name ?? 'unknown state'})`);
    for (const mapping of raw.BlockDeviceMappings ?? []) use(mapping.Ebs?.VolumeId, `instance ${id}`);
  }
  const { observed } = world;
  for (const version of observed.templateVersions) {
    const through = version.alias ? ` through resolve:ssm:${version.alias}` : '';
    const by = `launch template ${version.templateName} (${version.templateId}) version ${version.version}`;
    use(version.data.ImageId, `${by}${through}`);
    for (const snapshot of mappedSnapshots(version.data.BlockDeviceMappings)) use(snapshot, by);
  }
  for (const { id, raw } of recordsOf<LaunchConfiguration>(world, 'launch-configuration')) {
    use(raw.ImageId, `launch configuration ${id}`);
    for (const snapshot of mappedSnapshots(raw.BlockDeviceMappings)) use(snapshot, `launch configuration ${id}`);
  }
  // A group uses what it is attached to whatever its own state or opt-out: scaled to 0 tonight, serving tomorrow.
  for (const { id, raw } of recordsOf<AutoScalingGroup>(world, 'auto-scaling-group')) {
    use(raw.LaunchConfigurationName, `auto scaling group ${id}`);
    for (const member of raw.Instances ?? []) use(member.InstanceId, `auto scaling group ${id}`);
    for (const group of raw.TargetGroupARNs ?? []) use(group, `auto scaling group ${id}`);
    for (const balancer of raw.LoadBalancerNames ?? []) use(balancer, `auto scaling group ${id}`);
  }
  // Every image, whatever its state (available, pending, disabled, deprecated), holds the snapshots it maps.
  for (const { id, raw } of recordsOf<Image>(world, 'image')) {
    for (const snapshot of mappedSnapshots(raw.BlockDeviceMappings)) use(snapshot, `image ${id} (${raw.State})`);
  }
  for (const { id, raw } of recordsOf<Snapshot>(world, 'snapshot')) {
    if (raw.State !== 'pending') continue;
    for (const source of snapshotIdsIn(raw.Description)) if (source !== id) use(source, `copy in progress ${id}`);
  }
  for (const { id, raw } of recordsOf<Volume>(world, 'volume')) {
    for (const attachment of raw.Attachments ?? []) use(id, `instance ${attachment.InstanceId}`);
  }
  for (const [group, targets] of Object.entries(observed.targets)) {
    const name = group.split('/').slice(-2, -1)[0] ?? group;
    for (const target of targets) {
      use(target, `target group ${name}`);
      use(group, `target ${target}`);
    }
  }
  for (const { id, raw } of recordsOf<LoadBalancerDescription>(world, 'classic-load-balancer')) {
    for (const instance of raw.Instances ?? []) {
      use(instance.InstanceId, `classic load balancer ${id}`);
      use(id, `instance ${instance.InstanceId}`);
    }
  }
  for (const { raw } of recordsOf<Address>(world, 'elastic-ip')) {
    const holder = raw.InstanceId ?? (raw.NetworkInterfaceId ? observed.interfaces[raw.NetworkInterfaceId] : undefined);
    use(holder, `elastic IP ${raw.PublicIp ?? raw.AllocationId}`);
  }
  for (const found of observed.uses) use(found.id, found.by);
  for (const [id, why] of Object.entries(observed.unreadable)) use(id, `unknown: ${why}`);
  // Balancers last: a target group is a balancer's use only when it is used itself (targets, an attached group).
  const groupNames = new Map(recordsOf<TargetGroup>(world, 'target-group').map((group) => [group.id, group.name]));
  const usedGroup = (arn: string) =>
    (uses.get(arn) ?? []).length > 0
      ? `target group ${groupNames.get(arn) ?? arn} (${uses.get(arn)?.join(', ')})`
      : null;
  for (const [balancer, listeners] of Object.entries(observed.listeners)) {
    for (const listener of listeners) {
      for (const answer of listener.answers) use(balancer, `listener ${listener.listener} (${answer})`);
      for (const group of listener.forwardsTo) {
        const used = usedGroup(group);
        if (used) use(balancer, `listener ${listener.listener} forwarding to ${used}`);
      }
    }
  }
  for (const { id, raw } of recordsOf<TargetGroup>(world, 'target-group')) {
    const used = usedGroup(id);
    if (used) for (const balancer of raw.LoadBalancerArns ?? []) use(balancer, used);
  }
  addNetworkUses(world, use);
  return uses;
}

/** What uses this resource (empty: nothing found). */
export function usesOf(index: UseIndex, id: string): readonly string[] {
  return index.get(id) ?? [];
}
