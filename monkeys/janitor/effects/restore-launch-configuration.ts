import type { CreateLaunchConfigurationType, LaunchConfiguration } from '@aws-sdk/client-auto-scaling';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import { asAws, janitorRestoreEffect } from './janitor-restore.js';
import { targetOf } from './janitor-target.js';

/** What CreateLaunchConfiguration takes of a described configuration (its ARN, dates and empty ids aside). */
function creatable(kept: LaunchConfiguration): CreateLaunchConfigurationType {
  const {
    LaunchConfigurationARN: _arn,
    CreatedTime: _created,
    KernelId,
    RamdiskId,
    LaunchConfigurationName,
    ...rest
  } = kept;
  return {
    ...rest,
    LaunchConfigurationName,
    // AWS describes a configuration without them as "": given back, that would be an invalid id.
    ...(KernelId ? { KernelId } : {}),
    ...(RamdiskId ? { RamdiskId } : {}),
  } as CreateLaunchConfigurationType;
}

/**
 * A launch configuration the Janitor deleted, created again under its name from everything AWS described of it
 * (image, type, key, security groups, user data, block device mappings, instance profile, monitoring, metadata
 * options ...). AWS cannot tag a launch configuration, so it carries no restored mark. One of that name already there
 * is taken as the restore done (a retry) only when it launches the same image and instance type.
 */
export const restoreLaunchConfiguration = janitorRestoreEffect({
  kind: 'restore-launch-configuration',
  type: 'launch-configuration',
  description: "Create a deleted launch configuration again under its name, from the Janitor's record",
  permissions: ['autoscaling:CreateLaunchConfiguration', 'autoscaling:DescribeLaunchConfigurations'],
  pacing: 'autoscaling:CreateLaunchConfiguration',
  async restoreOne(deletion, config, ctx) {
    const { CreateLaunchConfigurationCommand, DescribeLaunchConfigurationsCommand } = await import(
      '@aws-sdk/client-auto-scaling'
    );
    const autoScaling = ctx.clients.autoScaling(targetOf(deletion, ctx));
    const input = creatable(asAws<LaunchConfiguration>(config.configuration));
    const found = await autoScaling.send(
      new DescribeLaunchConfigurationsCommand({ LaunchConfigurationNames: [deletion.resource] }),
    );
    const there = found.LaunchConfigurations?.[0];
    if (there) {
      // No tag can say who made the one there: it counts as this restore's (a retry) only if it launches the same.
      if (there.ImageId === input.ImageId && there.InstanceType === input.InstanceType) return deletion.resource;
      throw new Error(
        `a launch configuration named ${deletion.resource} exists already with another image or instance type (${there.ImageId}, ${there.InstanceType}): nothing restored`,
      );
    }
    try {
      await autoScaling.send(
        new CreateLaunchConfigurationCommand({ ...input, LaunchConfigurationName: deletion.resource }),
      );
    } catch (error) {
      // Made between the read and the create: a retry's own, or someone else's (the next restore tells them apart).
      if (!hasErrorCode(error, ['AlreadyExists', 'AlreadyExistsFault'])) throw error;
      throw new Error(
        `a launch configuration named ${deletion.resource} was created meanwhile: restore it again to check it`,
      );
    }
    return deletion.resource;
  },
});
