import {
  type AutoScalingClient,
  type AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import { byId, chunk, collectPages, pageSizeOf, tagsOf, uniqueIds } from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

/** DescribeAutoScalingGroups serves at most 100 groups a page and takes at most 100 names a call. */
const MAX_PAGE = 100;

const isGone = (record: ResourceRecord<AutoScalingGroup>) => record.raw.Status === 'Delete in progress';

function toRecord(raw: AutoScalingGroup): ResourceRecord<AutoScalingGroup> {
  const name = raw.AutoScalingGroupName ?? '';
  return { id: name, name, tags: tagsOf(raw.Tags), raw };
}

function describe(autoScaling: AutoScalingClient, pageSize: number, names?: readonly string[]) {
  return collectPages(async (token) => {
    const page = await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({
        ...(names ? { AutoScalingGroupNames: [...names] } : {}),
        MaxRecords: pageSize,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    return { items: page.AutoScalingGroups, next: page.NextToken };
  });
}

/**
 * Auto Scaling groups, keyed by name (what the rest of simian and the Auto Scaling API use). Unknown names are left
 * out of the answer, never an error: `fresh` asks 100 names a call. Gone: `Delete in progress`.
 */
export const autoScalingGroupType: ResourceType<AutoScalingGroup> = {
  name: 'auto-scaling-group',
  service: 'AutoScaling',
  idField: 'AutoScalingGroupName',
  nameField: 'AutoScalingGroupName',
  permissions: ['autoscaling:DescribeAutoScalingGroups'],
  global: false,
  recognisable: false,
  matches: (id) => /^[^:]{1,255}$/.test(id),
  async list(clients, target, options) {
    const raws = await describe(clients.autoScaling(target), pageSizeOf(options, MAX_PAGE));
    return [...byId(raws.map(toRecord), isGone).values()];
  },
  async fresh(clients, target, ids) {
    const autoScaling = clients.autoScaling(target);
    const wanted = uniqueIds(ids);
    const raws: AutoScalingGroup[] = [];
    for (const names of chunk(wanted, MAX_PAGE)) raws.push(...(await describe(autoScaling, MAX_PAGE, names)));
    return byId(raws.map(toRecord), isGone, new Set(wanted));
  },
  isGone,
};
