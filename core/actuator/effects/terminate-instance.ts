import { TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import type { Effect } from '../effect.js';
import { ec2DryRun } from './ec2-dry-run.js';
import { ec2Target, instanceIds, stateChangeOutcomes } from './instance-state-change.js';
import { noParams } from './param-shapes.js';

/** Terminates instances (Chaos's ShutdownInstance, Gorilla's zone outage). Cannot be undone. */
export const terminateInstance: Effect = {
  kind: 'terminate-instance',
  description: 'Terminate EC2 instances (their Auto Scaling group replaces them)',
  permissions: ['ec2:TerminateInstances'],
  batchSize: 1000,
  pacing: 'ec2:TerminateInstances',
  capped: 'instance',
  paramsSchema: noParams,
  async apply(actions, ctx) {
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    const result = await ec2.send(new TerminateInstancesCommand({ InstanceIds: instanceIds(actions) }));
    return stateChangeOutcomes(actions, result.TerminatingInstances, ['terminated', 'shutting-down']);
  },
  verify(actions, ctx) {
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    return ec2DryRun(() =>
      ec2.send(new TerminateInstancesCommand({ InstanceIds: instanceIds(actions), DryRun: true })),
    );
  },
};
