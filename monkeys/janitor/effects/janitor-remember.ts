import {
  CreateSnapshotCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { EffectContext } from '../../../core/actuator/effect.js';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import type { Action } from '../../../core/plan/action.js';
import { BACKUP_OF_TAG, RETAIN_UNTIL_TAG } from '../tags.js';
import type { ConfigOf, RestorableConfig } from './janitor-deleted.js';
import { targetOf } from './janitor-target.js';

/** Reads, right before a deletion, what restore will need to bring the resource back. */
export type Remember = (action: Action, ctx: EffectContext) => Promise<RestorableConfig>;

/** An error AWS would answer for a resource that is gone, so the deletion counts as already done. */
export function gone(code: string, what: string): Error {
  return Object.assign(new Error(`${what} no longer exists`), { name: code, Code: code });
}

export function tagMap(list: readonly Pick<Tag, 'Key' | 'Value'>[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).flatMap((tag) => (tag.Key ? [[tag.Key, tag.Value ?? '']] : [])));
}

/** Drops the SDK's undefined fields (a stored shape must round-trip through JSON). */
export function plain<T extends object>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/**
 * The backup snapshot of a volume about to go, tagged with the volume and the date it is kept until. A delivery twice
 * finds the backup it already made instead of taking another; one in `error` does not count.
 */
async function backUp(action: Action, ctx: EffectContext, retainUntil: string): Promise<string> {
  const ec2 = ctx.clients.ec2(targetOf(action, ctx));
  const existing = await ec2.send(
    new DescribeSnapshotsCommand({
      OwnerIds: ['self'],
      Filters: [
        { Name: `tag:${BACKUP_OF_TAG}`, Values: [action.resource] },
        { Name: 'owner-id', Values: [action.account] },
      ],
    }),
  );
  const usable = (existing.Snapshots ?? []).find((snapshot) => snapshot.State !== 'error' && snapshot.SnapshotId);
  if (usable?.SnapshotId) return usable.SnapshotId;
  const made = await ec2.send(
    new CreateSnapshotCommand({
      VolumeId: action.resource,
      Description: `simian janitor backup of ${action.resource} before deletion`,
      TagSpecifications: [
        {
          ResourceType: 'snapshot',
          Tags: [
            { Key: BACKUP_OF_TAG, Value: action.resource },
            { Key: RETAIN_UNTIL_TAG, Value: retainUntil },
            ...(action.owner ? [{ Key: 'owner', Value: action.owner }] : []),
          ],
        },
      ],
    }),
  );
  if (!made.SnapshotId || made.State === 'error') throw new Error(`the backup snapshot of ${action.resource} failed`);
  return made.SnapshotId;
}

/** A volume: its place and shape, and (unless the run said not to) the backup it is restored from. */
export function rememberVolume(retainUntilOf: (action: Action) => string | undefined): Remember {
  return async (action, ctx): Promise<ConfigOf<'volume'>> => {
    const answer = await ctx.clients
      .ec2(targetOf(action, ctx))
      .send(new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: [action.resource] }] }));
    const volume = answer.Volumes?.find((found) => found.VolumeId === action.resource && found.State !== 'deleted');
    if (!volume?.AvailabilityZone || !volume.Size) throw gone('InvalidVolume.NotFound', `volume ${action.resource}`);
    const retainUntil = retainUntilOf(action);
    const snapshotId = retainUntil ? await backUp(action, ctx, retainUntil) : undefined;
    return {
      type: 'volume',
      availabilityZone: volume.AvailabilityZone,
      size: volume.Size,
      ...(volume.VolumeType ? { volumeType: volume.VolumeType } : {}),
      ...(volume.Iops !== undefined ? { iops: volume.Iops } : {}),
      ...(volume.Throughput !== undefined ? { throughput: volume.Throughput } : {}),
      encrypted: volume.Encrypted ?? false,
      ...(volume.KmsKeyId ? { kmsKeyId: volume.KmsKeyId } : {}),
      tags: tagMap(volume.Tags),
      ...(snapshotId && retainUntil ? { backup: { snapshotId, retainUntil } } : {}),
    };
  };
}

/** An image: what RegisterImage needs to register it again from the snapshots its deregistration keeps. */
export const rememberImage: Remember = async (action, ctx): Promise<ConfigOf<'image'>> => {
  const answer = await ctx.clients
    .ec2(targetOf(action, ctx))
    .send(new DescribeImagesCommand({ ImageIds: [action.resource] }));
  const image = answer.Images?.find((found) => found.ImageId === action.resource);
  if (!image?.Name || image.State === 'deregistered') throw gone('InvalidAMIID.NotFound', `image ${action.resource}`);
  const optional = {
    description: image.Description,
    architecture: image.Architecture,
    rootDeviceName: image.RootDeviceName,
    virtualizationType: image.VirtualizationType,
    enaSupport: image.EnaSupport,
    sriovNetSupport: image.SriovNetSupport,
    bootMode: image.BootMode,
    imdsSupport: image.ImdsSupport,
    tpmSupport: image.TpmSupport,
  };
  return {
    type: 'image',
    name: image.Name,
    ...plain(optional),
    blockDeviceMappings: (image.BlockDeviceMappings ?? []).map(plain),
    tags: tagMap(image.Tags),
  };
};

/** A group: what it launches, its sizes, where, what it is attached to and its tags. */
export const rememberGroup: Remember = async (action, ctx): Promise<ConfigOf<'auto-scaling-group'>> => {
  const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
  const answer = await ctx.clients
    .autoScaling(targetOf(action, ctx))
    .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [action.resource] }));
  const group = answer.AutoScalingGroups?.find((found) => found.AutoScalingGroupName === action.resource);
  if (!group) throw gone('ValidationError', `group ${action.resource}`);
  return {
    type: 'auto-scaling-group',
    ...(group.LaunchConfigurationName ? { launchConfigurationName: group.LaunchConfigurationName } : {}),
    ...(group.LaunchTemplate ? { launchTemplate: plain(group.LaunchTemplate) } : {}),
    ...(group.MixedInstancesPolicy ? { mixedInstancesPolicy: plain(group.MixedInstancesPolicy) } : {}),
    minSize: group.MinSize ?? 0,
    maxSize: group.MaxSize ?? 0,
    desiredCapacity: group.DesiredCapacity ?? 0,
    availabilityZones: group.AvailabilityZones ?? [],
    ...(group.VPCZoneIdentifier ? { vpcZoneIdentifier: group.VPCZoneIdentifier } : {}),
    targetGroupArns: group.TargetGroupARNs ?? [],
    loadBalancerNames: group.LoadBalancerNames ?? [],
    ...(group.HealthCheckType ? { healthCheckType: group.HealthCheckType } : {}),
    ...(group.HealthCheckGracePeriod !== undefined ? { healthCheckGracePeriod: group.HealthCheckGracePeriod } : {}),
    tags: (group.Tags ?? []).flatMap((tag) =>
      tag.Key ? [{ key: tag.Key, value: tag.Value ?? '', propagateAtLaunch: tag.PropagateAtLaunch ?? false }] : [],
    ),
  };
};

/** An ALB/NLB: the balancer, its tags, target groups, listeners and every listener's rules but the default. */
export const rememberLoadBalancer: Remember = async (action, ctx): Promise<ConfigOf<'load-balancer'>> => {
  const {
    DescribeListenersCommand,
    DescribeLoadBalancersCommand,
    DescribeRulesCommand,
    DescribeTagsCommand,
    DescribeTargetGroupsCommand,
  } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const elbv2 = ctx.clients.elbv2(targetOf(action, ctx));
  const arn = action.resource;
  const found = await elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));
  const balancer = found.LoadBalancers?.[0];
  if (!balancer?.LoadBalancerName) throw gone('LoadBalancerNotFound', `load balancer ${arn}`);
  const [tags, listeners, groups] = await Promise.all([
    elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] })),
    elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: arn })),
    // A balancer with no target group: moto answers TargetGroupNotFound where AWS answers an empty list.
    elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: arn })).catch((error: unknown) => {
      if (hasErrorCode(error, ['TargetGroupNotFound', 'TargetGroupNotFoundException'])) return { TargetGroups: [] };
      throw error;
    }),
  ]);
  const withRules = await Promise.all(
    (listeners.Listeners ?? []).map(async (listener) => {
      const rules = listener.ListenerArn
        ? await elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))
        : { Rules: [] };
      return {
        listener: plain(listener),
        rules: (rules.Rules ?? []).filter((rule) => !rule.IsDefault).map(plain),
      };
    }),
  );
  return {
    type: 'load-balancer',
    name: balancer.LoadBalancerName,
    ...plain({ balancerType: balancer.Type, scheme: balancer.Scheme, ipAddressType: balancer.IpAddressType }),
    subnets: (balancer.AvailabilityZones ?? []).flatMap((zone) => zone.SubnetId ?? []),
    securityGroups: balancer.SecurityGroups ?? [],
    tags: tagMap(tags.TagDescriptions?.[0]?.Tags),
    targetGroups: (groups.TargetGroups ?? []).map(plain),
    listeners: withRules,
  };
};

/** A classic ELB: its listeners, zones or subnets, security groups, health check and tags. */
export const rememberClassic: Remember = async (action, ctx): Promise<ConfigOf<'classic-load-balancer'>> => {
  const { DescribeLoadBalancersCommand: DescribeClassicCommand, DescribeTagsCommand: DescribeClassicTagsCommand } =
    await import('@aws-sdk/client-elastic-load-balancing');
  const elb = ctx.clients.elb(targetOf(action, ctx));
  const found = await elb.send(new DescribeClassicCommand({ LoadBalancerNames: [action.resource] }));
  const balancer = found.LoadBalancerDescriptions?.[0];
  if (!balancer) throw gone('LoadBalancerNotFound', `classic load balancer ${action.resource}`);
  const tags = await elb.send(new DescribeClassicTagsCommand({ LoadBalancerNames: [action.resource] }));
  return {
    type: 'classic-load-balancer',
    ...(balancer.Scheme ? { scheme: balancer.Scheme } : {}),
    listeners: (balancer.ListenerDescriptions ?? []).flatMap((described) =>
      described.Listener ? [plain(described.Listener)] : [],
    ),
    availabilityZones: balancer.AvailabilityZones ?? [],
    subnets: balancer.Subnets ?? [],
    securityGroups: balancer.SecurityGroups ?? [],
    ...(balancer.HealthCheck ? { healthCheck: plain(balancer.HealthCheck) } : {}),
    tags: tagMap(tags.TagDescriptions?.[0]?.Tags),
  };
};
