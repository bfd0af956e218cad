import type { InstanceInformation } from '@aws-sdk/client-ssm';
import { collectPages } from '../resources/support.js';
import { type AccountReadKind, accountRead } from './account-read.js';

export const SSM_AGENTS: AccountReadKind = {
  kind: 'ssm-agents',
  service: 'SSM',
  permissions: ['ssm:DescribeInstanceInformation'],
};

/** Every managed instance of the region with its agent's ping status (DescribeInstanceInformation, 50 a page). */
export const ssmAgents = accountRead(SSM_AGENTS, async (clients, target) => {
  const { DescribeInstanceInformationCommand } = await import('@aws-sdk/client-ssm');
  const ssm = clients.ssm(target);
  const found = await collectPages<InstanceInformation>(async (token) => {
    const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50, NextToken: token }));
    return { items: page.InstanceInformationList, next: page.NextToken };
  });
  const agents = new Map<string, string>();
  for (const info of found) if (info.InstanceId) agents.set(info.InstanceId, info.PingStatus ?? 'unknown');
  return agents;
});
