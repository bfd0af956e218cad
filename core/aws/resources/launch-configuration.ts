import {
  type AutoScalingClient,
  DescribeLaunchConfigurationsCommand,
  type LaunchConfiguration,
} from '@aws-sdk/client-auto-scaling';
import { byId, chunk, collectPages, pageSizeOf, uniqueIds } from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

/** DescribeLaunchConfigurations serves at most 100 a page and takes at most 50 names a call. */
const MAX_PAGE = 100;
const MAX_NAMES = 50;

function toRecord(raw: LaunchConfiguration): ResourceRecord<LaunchConfiguration> {
  const name = raw.LaunchConfigurationName ?? '';
  return { id: name, name, tags: {}, raw };
}

function describe(autoScaling: AutoScalingClient, pageSize: number, names?: readonly string[]) {
  return collectPages(async (token) => {
    const page = await autoScaling.send(
      new DescribeLaunchConfigurationsCommand({
        ...(names ? { LaunchConfigurationNames: [...names] } : {}),
        MaxRecords: pageSize,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    return { items: page.LaunchConfigurations, next: page.NextToken };
  });
}

/**
 * Auto Scaling launch configurations, keyed by name. They carry no tags (`tags` is always `{}`). Unknown names are
 * left out of the answer, never an error: `fresh` asks 50 names a call.
 */
export const launchConfigurationType: ResourceType<LaunchConfiguration> = {
  name: 'launch-configuration',
  service: 'AutoScaling',
  idField: 'LaunchConfigurationName',
  nameField: 'LaunchConfigurationName',
  permissions: ['autoscaling:DescribeLaunchConfigurations'],
  global: false,
  recognisable: false,
  matches: (id) => /^[^:]{1,255}$/.test(id),
  async list(clients, target, options) {
    return (await describe(clients.autoScaling(target), pageSizeOf(options, MAX_PAGE))).map(toRecord);
  },
  async fresh(clients, target, ids) {
    const autoScaling = clients.autoScaling(target);
    const wanted = uniqueIds(ids);
    const raws: LaunchConfiguration[] = [];
    for (const names of chunk(wanted, MAX_NAMES)) raws.push(...(await describe(autoScaling, MAX_PAGE, names)));
    return byId(raws.map(toRecord), undefined, new Set(wanted));
  },
};
