import type { InstanceStateChange } from '@aws-sdk/client-ec2';
import type { Action } from '../../plan/action.js';
import type { EffectOutcome } from '../effect.js';

/**
 * Turns EC2's state changes (Terminate/Stop/StartInstances) into one outcome per action. An instance whose previous
 * state already was the goal counts as done-already, so a job delivered twice reports success both times.
 */
export function stateChangeOutcomes(
  actions: readonly Action[],
  changes: readonly InstanceStateChange[] | undefined,
  alreadyStates: readonly string[],
): EffectOutcome[] {
  const byId = new Map((changes ?? []).map((change) => [change.InstanceId, change]));
  return actions.map((action) => {
    const change = byId.get(action.resource);
    if (!change) return { resource: action.resource, ok: false, error: 'AWS did not report a state change' };
    const previous = change.PreviousState?.Name ?? '';
    return { resource: action.resource, ok: true, already: alreadyStates.includes(previous) };
  });
}

/** The target of an EC2 call for a batch (all actions of one batch share account and region). */
export function ec2Target(actions: readonly Action[], roleArn: string | undefined) {
  const first = actions[0];
  if (!first) throw new Error('an effect was applied to an empty batch');
  return { region: first.region, account: first.account, ...(roleArn ? { roleArn } : {}) };
}

export const instanceIds = (actions: readonly Action[]): string[] => actions.map((action) => action.resource);
