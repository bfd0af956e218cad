import type { Action } from '../../plan/action.js';
import type { EffectContext } from '../effect.js';

/** Where an action's resource lives, as the clients take it. */
export function targetOf(action: Pick<Action, 'region' | 'account'>, ctx: EffectContext) {
  return { region: action.region, account: action.account, ...(ctx.roleArn ? { roleArn: ctx.roleArn } : {}) };
}
