import { RebootInstancesCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { atOnceParams } from '../../safety/at-once.js';
import type { Effect } from '../effect.js';
import { ec2DryRun } from './ec2-dry-run.js';
import { ec2Target, instanceIds } from './instance-state-change.js';
import { markTags, writeMarkTags } from './mark-tags.js';

/**
 * Reboots instances. EC2 reports no state change for a reboot: an accepted call is success for the whole batch.
 * Optional `markTags` are written first (Doctor's remedy mirrored on the instance); `atOnce` is Doctor's cap, counted
 * by the at-once guard.
 */
export const rebootInstance: Effect = {
  kind: 'reboot-instance',
  description: 'Reboot EC2 instances',
  permissions: ['ec2:RebootInstances', 'ec2:CreateTags'],
  batchSize: 100,
  pacing: 'ec2:RebootInstances',
  capped: 'instance',
  paramsSchema: z.strictObject({ markTags: markTags.optional(), atOnce: atOnceParams.optional() }),
  async apply(actions, ctx) {
    await writeMarkTags(actions, ctx);
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    await ec2.send(new RebootInstancesCommand({ InstanceIds: instanceIds(actions) }));
    return actions.map((action) => ({ resource: action.resource, ok: true }));
  },
  verify(actions, ctx) {
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    return ec2DryRun(() => ec2.send(new RebootInstancesCommand({ InstanceIds: instanceIds(actions), DryRun: true })));
  },
};
