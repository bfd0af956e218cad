import { TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import type { Effect } from '../../../core/actuator/effect.js';
import { ec2DryRun } from '../../../core/actuator/effects/ec2-dry-run.js';
import { ec2Target, instanceIds, stateChangeOutcomes } from '../../../core/actuator/effects/instance-state-change.js';
import { noParams } from '../../../core/actuator/effects/param-shapes.js';
import { checkDeletions, forgetDeleted } from './janitor-delete.js';
import { deleteParams } from './janitor-params.js';

/**
 * Terminates instances (Chaos's ShutdownInstance, Gorilla's zone outage, Janitor's orphaned and stopped instances).
 * Cannot be undone. A Janitor termination carries its lifecycle in its params and is re-checked on a fresh read
 * right before the call (still marked as the Janitor's record holds it, still unused); the others take no params.
 * It lives with the Janitor's effects because that re-check is the Janitor's own; Chaos, Gorilla and Kong declare it too.
 */
export const terminateInstance: Effect = {
  kind: 'terminate-instance',
  description: 'Terminate EC2 instances (their Auto Scaling group replaces them)',
  permissions: ['ec2:TerminateInstances'],
  batchSize: 1000,
  pacing: 'ec2:TerminateInstances',
  capped: 'instance',
  paramsSchema: z.union([noParams, deleteParams]),
  async reach(actions, ctx) {
    const janitor = actions.filter((action) => 'rule' in action.params);
    return janitor.length > 0 ? checkDeletions(janitor, ctx) : new Map();
  },
  async apply(actions, ctx) {
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    const result = await ec2.send(new TerminateInstancesCommand({ InstanceIds: instanceIds(actions) }));
    const outcomes = stateChangeOutcomes(actions, result.TerminatingInstances, ['terminated', 'shutting-down']);
    const janitor = actions.filter((action) => 'rule' in action.params);
    if (janitor.length > 0) await forgetDeleted(janitor, outcomes, ctx);
    return outcomes;
  },
  verify(actions, ctx) {
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    return ec2DryRun(() =>
      ec2.send(new TerminateInstancesCommand({ InstanceIds: instanceIds(actions), DryRun: true })),
    );
  },
};
