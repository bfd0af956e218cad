import type { EC2Client, Instance as Ec2Instance } from '@aws-sdk/client-ec2';
import type { EffectContext, EffectOutcome } from '../../../core/actuator/effect.js';
import { applyEach } from '../../../core/actuator/effects/each-action.js';
import { describeInstance, ec2For } from '../../../core/actuator/effects/ec2-lookup.js';
import type { Action } from '../../../core/plan/action.js';

/**
 * Applies a fault to one instance at a time, each read fresh right before: an instance that is gone fails its action
 * (named), and an error fails that action only.
 */
export function applyToEachInstance(
  actions: readonly Action[],
  ctx: EffectContext,
  applyOne: (action: Action, ec2: EC2Client, instance: Ec2Instance) => Promise<EffectOutcome>,
): Promise<EffectOutcome[]> {
  return applyEach(actions, async (action) => {
    const ec2 = ec2For(action, ctx);
    const instance = await describeInstance(ec2, action.resource);
    if (!instance) return { resource: action.resource, ok: false, error: `instance ${action.resource} not found` };
    return applyOne(action, ec2, instance);
  });
}

/** `--verify-permissions` tries the fault as a dry run on the first action's instance, as it is now. */
export async function verifyOnFirstInstance(
  actions: readonly Action[],
  ctx: EffectContext,
  check: (
    first: Action,
    ec2: EC2Client,
    instance: Ec2Instance | undefined,
  ) => Promise<{ allowed: boolean; detail: string }>,
): Promise<{ allowed: boolean; detail: string }> {
  const first = actions[0];
  if (!first) return { allowed: true, detail: 'nothing to verify' };
  const ec2 = ec2For(first, ctx);
  return check(first, ec2, await describeInstance(ec2, first.resource));
}
