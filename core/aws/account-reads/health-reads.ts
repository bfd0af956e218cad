import type { Activity } from '@aws-sdk/client-auto-scaling';
import type { InstanceStatus } from '@aws-sdk/client-ec2';
import { collectPages } from '../resources/support.js';
import { type AccountReadKind, accountRead } from './account-read.js';

// The region's health, read whole (Doctor): status checks of every running instance, scaling not yet finished.

const INSTANCE_STATUS_CHECKS: AccountReadKind = {
  kind: 'instance-status-checks',
  service: 'EC2',
  permissions: ['ec2:DescribeInstanceStatus'],
};

/** Every running instance (1,000 a page) with its failed status checks, in words (none: an empty list). */
export const instanceStatusChecks = accountRead(INSTANCE_STATUS_CHECKS, async (clients, target) => {
  const { DescribeInstanceStatusCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = clients.ec2(target);
  const statuses = await collectPages<InstanceStatus>(async (token) => {
    const page = await ec2.send(new DescribeInstanceStatusCommand({ MaxResults: 1000, NextToken: token }));
    return { items: page.InstanceStatuses, next: page.NextToken };
  });
  return statuses.flatMap((status) => {
    if (!status.InstanceId) return [];
    const failed = [
      status.InstanceStatus?.Status === 'impaired' ? 'instance status check impaired' : null,
      status.SystemStatus?.Status === 'impaired' ? 'system status check impaired' : null,
    ].filter((check): check is string => check !== null);
    return [{ instanceId: status.InstanceId, failed }];
  });
});

const SCALING_ACTIVITIES: AccountReadKind = {
  kind: 'scaling-activities-in-progress',
  service: 'AutoScaling',
  permissions: ['autoscaling:DescribeScalingActivities'],
};

const DONE_ACTIVITIES = new Set(['Successful', 'Failed', 'Cancelled']);

/** Per group, its first scaling activity not yet finished (described), for every group of the region in one sweep. */
export const scalingActivitiesInProgress = accountRead(SCALING_ACTIVITIES, async (clients, target) => {
  const { DescribeScalingActivitiesCommand } = await import('@aws-sdk/client-auto-scaling');
  const autoScaling = clients.autoScaling(target);
  const activities = await collectPages<Activity>(async (token) => {
    const page = await autoScaling.send(new DescribeScalingActivitiesCommand({ MaxRecords: 100, NextToken: token }));
    return { items: page.Activities, next: page.NextToken };
  });
  const scaling = new Map<string, string>();
  for (const activity of activities) {
    if (!activity.AutoScalingGroupName || DONE_ACTIVITIES.has(activity.StatusCode ?? '')) continue;
    if (!scaling.has(activity.AutoScalingGroupName)) {
      scaling.set(activity.AutoScalingGroupName, activity.Description ?? activity.StatusCode ?? 'in progress');
    }
  }
  return scaling;
});

export const HEALTH_READ_KINDS: readonly AccountReadKind[] = [INSTANCE_STATUS_CHECKS, SCALING_ACTIVITIES];
