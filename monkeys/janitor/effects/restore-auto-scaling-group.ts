import type { AutoScalingGroup, LaunchTemplateSpecification, MixedInstancesPolicy } from '@aws-sdk/client-auto-scaling';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import type { JanitorDeletion } from './janitor-deleted.js';
import { createdSinceAsked, janitorRestoreEffect, noteCreating, restoredTags } from './janitor-restore.js';
import { targetOf } from './janitor-target.js';

/**
 * A group the Janitor deleted, created again under its name with its launch source, sizes, subnets (or zones),
 * target groups, classic balancers, health check and tags. A group of that name already there is the restore's only
 * if the Janitor's record says when the restore first asked AWS to create it and AWS says the group was created since,
 * launching from what the record says (a retry whose answer was lost); anyone else's is left as it is and the restore
 * fails, whatever its tags say.
 */
export const restoreAutoScalingGroup = janitorRestoreEffect({
  kind: 'restore-auto-scaling-group',
  type: 'auto-scaling-group',
  description: "Create a deleted Auto Scaling group again from its configuration in the Janitor's record",
  permissions: [
    'autoscaling:CreateAutoScalingGroup',
    'autoscaling:CreateOrUpdateTags',
    'autoscaling:DescribeAutoScalingGroups',
  ],
  pacing: 'autoscaling:CreateAutoScalingGroup',
  async restoreOne(deletion, config, ctx) {
    const { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } = await import(
      '@aws-sdk/client-auto-scaling'
    );
    const store = ctx.records;
    if (!store) throw new Error("the Janitor's record of deletions (Redis) is not available: nothing is restored");
    const autoScaling = ctx.clients.autoScaling(targetOf(deletion, ctx));
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
    // Read first: one of that name already there is judged, never overwritten (moto overwrites where AWS refuses).
    const existing = async () =>
      (await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })))
        .AutoScalingGroups?.[0];
    const judge = (there: AutoScalingGroup, asked: JanitorDeletion) => {
      const template = config.launchTemplate as LaunchTemplateSpecification | undefined;
      const launchesTheSame =
        (there.LaunchConfigurationName ?? '') === (config.launchConfigurationName ?? '') &&
        (there.LaunchTemplate?.LaunchTemplateId ?? there.LaunchTemplate?.LaunchTemplateName ?? '') ===
          (template?.LaunchTemplateId ?? template?.LaunchTemplateName ?? '');
      if (!(createdSinceAsked(asked, there.CreatedTime) && launchesTheSame))
        throw new Error(
          `an Auto Scaling group named ${name} exists already, and the Janitor's record does not say a restore made it: it is left as it is, nothing restored`,
        );
      return name;
    };
    const before = await existing();
    if (before) return judge(before, deletion);
    const asked = await noteCreating(store, deletion);
    try {
      await autoScaling.send(
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
      const now = await existing();
      if (now) return judge(now, asked);
      throw error;
    }
    return name;
  },
});
