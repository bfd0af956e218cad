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
 * is taken as the restore done (a retry).
 */
export const restoreLaunchConfiguration = janitorRestoreEffect({
  kind: 'restore-launch-configuration',
  type: 'launch-configuration',
  description: "Create a deleted launch configuration again under its name, from the Janitor's record",
  permissions: ['autoscaling:CreateLaunchConfiguration'],
  pacing: 'autoscaling:CreateLaunchConfiguration',
  async restoreOne(deletion, config, ctx) {
    const { CreateLaunchConfigurationCommand } = await import('@aws-sdk/client-auto-scaling');
    const input = creatable(asAws<LaunchConfiguration>(config.configuration));
    try {
      await ctx.clients
        .autoScaling(targetOf(deletion, ctx))
        .send(new CreateLaunchConfigurationCommand({ ...input, LaunchConfigurationName: deletion.resource }));
    } catch (error) {
      if (!hasErrorCode(error, ['AlreadyExists', 'AlreadyExistsFault'])) throw error;
    }
    return deletion.resource;
  },
});
