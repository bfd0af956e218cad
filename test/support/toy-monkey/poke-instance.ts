import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import type { Effect } from '../../../core/actuator/effect.js';
import { ec2Target, instanceIds } from '../../../core/actuator/effects/instance-state-change.js';

/** The toy's own state mark (two colons: IAM lets simian write and remove only such keys). */
export const POKED_TAG = 'simian:toy:poked';

/** Writes the toy's mark on instances; unpoke-instance removes it at the revert's deadline. */
export const pokeInstance: Effect = {
  kind: 'poke-instance',
  description: 'Tag EC2 instances with the toy mark (reverted by unpoke-instance)',
  permissions: ['ec2:CreateTags'],
  batchSize: 100,
  pacing: 'ec2:CreateTags',
  capped: 'none',
  paramsSchema: z.strictObject({ note: z.string().min(1) }),
  async apply(actions, ctx) {
    const note = String(actions[0]?.params.note);
    await ctx.clients
      .ec2(ec2Target(actions, ctx.roleArn))
      .send(new CreateTagsCommand({ Resources: instanceIds(actions), Tags: [{ Key: POKED_TAG, Value: note }] }));
    return actions.map((action) => ({ resource: action.resource, ok: true }));
  },
  revertOf(action) {
    return {
      kind: 'unpoke-instance',
      resource: action.resource,
      account: action.account,
      region: action.region,
      params: {},
    };
  },
};
