import type { LaunchTemplateSpecification, MixedInstancesPolicy } from '@aws-sdk/client-auto-scaling';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import { janitorRestoreEffect, restoredTags } from './janitor-restore.js';
import { targetOf } from './janitor-target.js';

/**
 * A group the Janitor deleted, created again under its name with its launch source, sizes, subnets (or zones),
 * target groups, classic balancers, health check and tags. A group of that name already there is taken as the
 * restore done (a retry).
 */
export const restoreAutoScalingGroup = janitorRestoreEffect({
  kind: 'restore-auto-scaling-group',
  type: 'auto-scaling-group',
  description: "Create a deleted Auto Scaling group again from its configuration in the Janitor's record",
  permissions: ['autoscaling:CreateAutoScalingGroup', 'autoscaling:CreateOrUpdateTags'],
  pacing: 'autoscaling:CreateAutoScalingGroup',
  async restoreOne(deletion, config, ctx) {
    const { CreateAutoScalingGroupCommand } = await import('@aws-sdk/client-auto-scaling');
    const name = deletion.resource;
    const propagate = new Map(config.tags.map((tag) => [tag.key, tag.propagateAtLaunch]));
    const tags = Object.entries(
      restoredTags(Object.fromEntries(config.tags.map((tag) => [tag.key, tag.value])), name),
    ).map(([Key, Value]) => ({
      Key,
      Value,
      PropagateAtLaunch: propagate.get(Key) ?? false,
      ResourceId: name,
      ResourceType: 'auto-scaling-group',
    }));
    try {
      await ctx.clients.autoScaling(targetOf(deletion, ctx)).send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: name,
          ...(config.launchConfigurationName ? { LaunchConfigurationName: config.launchConfigurationName } : {}),
          ...(config.launchTemplate ? { LaunchTemplate: config.launchTemplate as LaunchTemplateSpecification } : {}),
          ...(config.mixedInstancesPolicy
            ? { MixedInstancesPolicy: config.mixedInstancesPolicy as MixedInstancesPolicy }
            : {}),
          MinSize: config.minSize,
          MaxSize: config.maxSize,
          DesiredCapacity: config.desiredCapacity,
          ...(config.vpcZoneIdentifier
            ? { VPCZoneIdentifier: config.vpcZoneIdentifier }
            : { AvailabilityZones: config.availabilityZones }),
          ...(config.targetGroupArns.length > 0 ? { TargetGroupARNs: config.targetGroupArns } : {}),
          ...(config.loadBalancerNames.length > 0 ? { LoadBalancerNames: config.loadBalancerNames } : {}),
          ...(config.healthCheckType ? { HealthCheckType: config.healthCheckType } : {}),
          ...(config.healthCheckGracePeriod !== undefined
            ? { HealthCheckGracePeriod: config.healthCheckGracePeriod }
            : {}),
          Tags: tags,
        }),
      );
    } catch (error) {
      if (!hasErrorCode(error, ['AlreadyExists', 'AlreadyExistsFault'])) throw error;
    }
    return name;
  },
});
