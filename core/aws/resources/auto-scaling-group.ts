import {
  type AutoScalingClient,
  type AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import { byIdsType } from './by-ids.js';
import { tagsOf } from './support.js';

/** DescribeAutoScalingGroups serves at most 100 groups a page and takes at most 100 names a call. */
const MAX_PAGE = 100;

/**
 * Auto Scaling groups, keyed by name (what the rest of simian and the Auto Scaling API use). Unknown names are left
 * out of the answer, never an error: `fresh` asks 100 names a call. Gone: `Delete in progress`.
 */
export const autoScalingGroupType = byIdsType<AutoScalingClient, AutoScalingGroup>({
  name: 'auto-scaling-group',
  service: 'AutoScaling',
  idField: 'AutoScalingGroupName',
  nameField: 'AutoScalingGroupName',
  permissions: ['autoscaling:DescribeAutoScalingGroups'],
  recognisable: false,
  idPattern: /^[^:]{1,255}$/,
  client: (clients, target) => clients.autoScaling(target),
  describe: async (autoScaling, { ids, pageSize, token }) => {
    const page = await autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ids, MaxRecords: pageSize, NextToken: token }),
    );
    return { items: page.AutoScalingGroups, next: page.NextToken };
  },
  maxPage: MAX_PAGE,
  idsPerCall: MAX_PAGE,
  idOf: (raw) => raw.AutoScalingGroupName ?? '',
  toRecords: (_, raws) =>
    raws.map((raw) => {
      const name = raw.AutoScalingGroupName ?? '';
      return { id: name, name, tags: tagsOf(raw.Tags), raw };
    }),
  isGone: (record) => record.raw.Status === 'Delete in progress',
});
