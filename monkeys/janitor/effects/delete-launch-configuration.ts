import { janitorDeleteEffect, targetOf } from './janitor-delete.js';
import { rememberLaunchConfiguration } from './janitor-remember-network.js';

/**
 * Deletes a launch configuration. Janitor only reports unused ones today (AWS cannot tag them, so they cannot carry
 * a lifecycle); the kind exists so a lifecycle kept elsewhere can use it, and AWS refuses one a group uses. Its
 * configuration is saved first, so `simian janitor restore` can create it again.
 */
export const deleteLaunchConfiguration = janitorDeleteEffect({
  kind: 'delete-launch-configuration',
  description: 'Delete an unused launch configuration (Janitor; its configuration is kept for restore)',
  permissions: ['autoscaling:DeleteLaunchConfiguration'],
  pacing: 'autoscaling:DeleteLaunchConfiguration',
  remember: rememberLaunchConfiguration,
  goneCodes: [],
  async deleteOne(action, ctx) {
    const { DeleteLaunchConfigurationCommand } = await import('@aws-sdk/client-auto-scaling');
    await ctx.clients
      .autoScaling(targetOf(action, ctx))
      .send(new DeleteLaunchConfigurationCommand({ LaunchConfigurationName: action.resource }));
  },
});
