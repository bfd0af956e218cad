import { StopInstancesCommand } from '@aws-sdk/client-ec2';
import { type Effect, revertOn } from '../effect.js';
import { ec2DryRun } from './ec2-dry-run.js';
import { ec2Target, instanceIds, stateChangeOutcomes } from './instance-state-change.js';
import { noParams } from './param-shapes.js';

/** Stops instances; the revert starts them again. */
export const stopInstance: Effect = {
  kind: 'stop-instance',
  description: 'Stop EC2 instances (reverted by start-instance)',
  permissions: ['ec2:StopInstances'],
  batchSize: 100,
  pacing: 'ec2:StopInstances',
  capped: 'instance',
  paramsSchema: noParams,
  async apply(actions, ctx) {
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    const result = await ec2.send(new StopInstancesCommand({ InstanceIds: instanceIds(actions) }));
    return stateChangeOutcomes(actions, result.StoppingInstances, ['stopped', 'stopping']);
  },
  revertOf(action) {
    return revertOn(action, 'start-instance');
  },
  verify(actions, ctx) {
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    return ec2DryRun(() => ec2.send(new StopInstancesCommand({ InstanceIds: instanceIds(actions), DryRun: true })));
  },
};
