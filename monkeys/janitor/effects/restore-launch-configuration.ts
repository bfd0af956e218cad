import type { CreateLaunchConfigurationType, LaunchConfiguration } from '@aws-sdk/client-auto-scaling';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import { writeDeletion } from './janitor-deleted.js';
import { asAws, createdSinceAsked, janitorRestoreEffect, noteCreating } from './janitor-restore.js';
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

/** Whether the configuration AWS describes launches what the record's would: image, type, key, groups, user data. */
function launchesTheSame(there: LaunchConfiguration, input: CreateLaunchConfigurationType): boolean {
  const groups = (list: readonly string[] | undefined) => [...(list ?? [])].sort().join(',');
  return (
    there.ImageId === input.ImageId &&
    there.InstanceType === input.InstanceType &&
    (there.KeyName || undefined) === (input.KeyName || undefined) &&
    groups(there.SecurityGroups) === groups(input.SecurityGroups) &&
    (there.UserData || undefined) === (input.UserData || undefined)
  );
}

/**
 * A launch configuration the Janitor deleted, created again under its name from everything AWS described of it
 * (image, type, key, security groups, user data, block device mappings, instance profile, monitoring, metadata
 * options ...). AWS cannot tag a launch configuration, so the Janitor's record says which one a restore made: the
 * time it asked AWS to create it (`creating`, written before the call) and, once AWS answered, the name (`made`).
 * One of that name already there is this restore's only if the record says it made it, or if AWS says it was created
 * after the restore asked and it launches the same; anyone else's is left untouched and the restore fails.
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
    const store = ctx.records;
    if (!store) throw new Error("the Janitor's record of deletions (Redis) is not available: nothing is restored");
    const autoScaling = ctx.clients.autoScaling(targetOf(deletion, ctx));
    const input = creatable(asAws<LaunchConfiguration>(config.configuration));
    const found = await autoScaling.send(
      new DescribeLaunchConfigurationsCommand({ LaunchConfigurationNames: [deletion.resource] }),
    );
    const there = found.LaunchConfigurations?.[0];
    if (there) {
      if (deletion.made?.id === deletion.resource) return deletion.resource;
      if (createdSinceAsked(deletion, there.CreatedTime) && launchesTheSame(there, input)) return deletion.resource;
      throw new Error(
        `a launch configuration named ${deletion.resource} exists already, and the Janitor's record does not say a restore made it: it is left untouched, nothing restored`,
      );
    }
    const creating = await noteCreating(store, deletion);
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
    await writeDeletion(store, { ...creating, made: { at: new Date().toISOString(), id: deletion.resource } });
    return deletion.resource;
  },
});
