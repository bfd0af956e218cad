import { StartInstancesCommand } from '@aws-sdk/client-ec2';
import type { Effect } from '../effect.js';
import { ec2DryRun } from './ec2-dry-run.js';
import { ec2Target, instanceIds, stateChangeOutcomes } from './instance-state-change.js';
import { noParams } from './param-shapes.js';

/** Starts stopped instances (the revert of stop-instance). */
export const startInstance: Effect = {
  kind: 'start-instance',
  revert: true,
  description: 'Start stopped EC2 instances',
  permissions: ['ec2:StartInstances'],
  batchSize: 100,
  pacing: 'ec2:StartInstances',
  capped: 'none',
  paramsSchema: noParams,
  async apply(actions, ctx) {
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    const result = await ec2.send(new StartInstancesCommand({ InstanceIds: instanceIds(actions) }));
    return stateChangeOutcomes(actions, result.StartingInstances, ['running', 'pending']);
  },
  verify(actions, ctx) {
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    return ec2DryRun(() => ec2.send(new StartInstancesCommand({ InstanceIds: instanceIds(actions), DryRun: true })));
  },
};
