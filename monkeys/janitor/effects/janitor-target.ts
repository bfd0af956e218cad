import type { EffectContext } from '../../../core/actuator/effect.js';
import type { Action } from '../../../core/plan/action.js';

/** Where an action's resource lives, as the clients take it. */
export function targetOf(action: Pick<Action, 'region' | 'account'>, ctx: EffectContext) {
  return { region: action.region, account: action.account, ...(ctx.roleArn ? { roleArn: ctx.roleArn } : {}) };
}
