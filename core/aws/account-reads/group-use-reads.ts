import type { LifecycleHook, ScheduledUpdateGroupAction, WarmPoolConfiguration } from '@aws-sdk/client-auto-scaling';
import { collectPages } from '../resources/support.js';
import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

// What says an Auto Scaling group will be used again: scheduled actions, a warm pool, lifecycle hooks.

const SCHEDULED_ACTIONS: AccountReadKind = {
  kind: 'scheduled-actions',
  service: 'AutoScaling',
  permissions: ['autoscaling:DescribeScheduledActions'],
};

/** Every scheduled action of every group of the region (DescribeScheduledActions, 100 a page). */
export const scheduledActions = accountRead(SCHEDULED_ACTIONS, async (clients, target) => {
  const { DescribeScheduledActionsCommand } = await import('@aws-sdk/client-auto-scaling');
  const autoScaling = clients.autoScaling(target);
  return collectPages<ScheduledUpdateGroupAction>(async (token) => {
    const page = await autoScaling.send(new DescribeScheduledActionsCommand({ MaxRecords: 100, NextToken: token }));
    return { items: page.ScheduledUpdateGroupActions, next: page.NextToken };
  });
});

const WARM_POOL: AccountReadKind = {
  kind: 'warm-pool',
  service: 'AutoScaling',
  permissions: ['autoscaling:DescribeWarmPool'],
};

/** One group's warm pool (DescribeWarmPool), undefined when it has none. */
export function warmPool(groupName: string): AccountRead<WarmPoolConfiguration | undefined> {
  return accountRead(
    WARM_POOL,
    async (clients, target) => {
      const { DescribeWarmPoolCommand } = await import('@aws-sdk/client-auto-scaling');
      const answer = await clients
        .autoScaling(target)
        .send(new DescribeWarmPoolCommand({ AutoScalingGroupName: groupName }));
      return answer.WarmPoolConfiguration;
    },
    { name: `${WARM_POOL.kind}:${groupName}` },
  );
}

const LIFECYCLE_HOOKS: AccountReadKind = {
  kind: 'lifecycle-hooks',
  service: 'AutoScaling',
  permissions: ['autoscaling:DescribeLifecycleHooks'],
};

/** One group's lifecycle hooks (DescribeLifecycleHooks). */
export function lifecycleHooks(groupName: string): AccountRead<LifecycleHook[]> {
  return accountRead(
    LIFECYCLE_HOOKS,
    async (clients, target) => {
      const { DescribeLifecycleHooksCommand } = await import('@aws-sdk/client-auto-scaling');
      const answer = await clients
        .autoScaling(target)
        .send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: groupName }));
      return answer.LifecycleHooks ?? [];
    },
    { name: `${LIFECYCLE_HOOKS.kind}:${groupName}` },
  );
}

export const GROUP_USE_READ_KINDS: readonly AccountReadKind[] = [SCHEDULED_ACTIONS, WARM_POOL, LIFECYCLE_HOOKS];
