import { EVENT_TYPES, type SimianEvent } from '../../events/event.js';
import { describeKillSwitch, KillSwitch, type KillSwitchState } from '../../safety/kill-switch.js';
import type { DashboardContext } from './deps.js';

/** `GET /api/v1/dashboard/killswitch`: the state (who, when, why) and its latest changes. */
export interface KillSwitchView extends KillSwitchState {
  readonly description: string;
  /** The latest changes, newest first. */
  readonly history: readonly SimianEvent[];
}

const HISTORY = 10;

export function killSwitchOf(context: DashboardContext): KillSwitch {
  return new KillSwitch({
    redis: context.redis,
    prefix: context.config().global.redis.prefix,
    events: context.events,
    clock: context.clock,
    logger: context.logger,
  });
}

export async function killSwitchView(context: DashboardContext): Promise<KillSwitchView> {
  const [state, history] = await Promise.all([
    killSwitchOf(context).status(),
    context.events.query({ type: EVENT_TYPES.killSwitch, limit: HISTORY }),
  ]);
  return { ...state, description: describeKillSwitch(state), history: history.reverse() };
}
