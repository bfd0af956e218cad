import { DeleteTagsCommand } from '@aws-sdk/client-ec2';
import type { Effect } from '../../../core/actuator/effect.js';
import { ec2Target, instanceIds } from '../../../core/actuator/effects/instance-state-change.js';
import { noParams } from '../../../core/actuator/effects/param-shapes.js';
import { POKED_TAG } from './poke-instance.js';

/** The revert of poke-instance: removes the toy's mark. */
export const unpokeInstance: Effect = {
  kind: 'unpoke-instance',
  description: 'Remove the toy mark from EC2 instances',
  permissions: ['ec2:DeleteTags'],
  revert: true,
  batchSize: 100,
  pacing: 'ec2:DeleteTags',
  capped: 'none',
  paramsSchema: noParams,
  async apply(actions, ctx) {
    await ctx.clients
      .ec2(ec2Target(actions, ctx.roleArn))
      .send(new DeleteTagsCommand({ Resources: instanceIds(actions), Tags: [{ Key: POKED_TAG }] }));
    return actions.map((action) => ({ resource: action.resource, ok: true }));
  },
};
