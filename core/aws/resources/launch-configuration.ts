import {
  type AutoScalingClient,
  DescribeLaunchConfigurationsCommand,
  type LaunchConfiguration,
} from '@aws-sdk/client-auto-scaling';
import { byIdsType } from './by-ids.js';

/**
 * Auto Scaling launch configurations, keyed by name. They carry no tags (`tags` is always `{}`). Unknown names are
 * left out of the answer, never an error: `fresh` asks 50 names a call (DescribeLaunchConfigurations' most), in pages
 * of 100.
 */
export const launchConfigurationType = byIdsType<AutoScalingClient, LaunchConfiguration>({
  name: 'launch-configuration',
  service: 'AutoScaling',
  idField: 'LaunchConfigurationName',
  nameField: 'LaunchConfigurationName',
  permissions: ['autoscaling:DescribeLaunchConfigurations'],
  recognisable: false,
  idPattern: /^[^:]{1,255}$/,
  client: (clients, target) => clients.autoScaling(target),
  describe: async (autoScaling, { ids, pageSize, token }) => {
    const page = await autoScaling.send(
      new DescribeLaunchConfigurationsCommand({
        LaunchConfigurationNames: ids,
        MaxRecords: pageSize,
        NextToken: token,
      }),
    );
    return { items: page.LaunchConfigurations, next: page.NextToken };
  },
  maxPage: 100,
  idsPerCall: 50,
  idOf: (raw) => raw.LaunchConfigurationName ?? '',
  toRecords: (_, raws) =>
    raws.map((raw) => {
      const name = raw.LaunchConfigurationName ?? '';
      return { id: name, name, tags: {}, raw };
    }),
});
