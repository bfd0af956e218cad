import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { EVENT_TYPES, type EventSink, type SimianEvent } from '../events/event.js';
import { recordSafely } from '../events/record-safely.js';
import type { RedisClient } from '../redis/connection.js';
import { DEFAULT_REDIS_TIMEOUT_MS, RedisUnreachableError, safetyCall } from '../redis/redis-call.js';
import { type ActionGuard, ALLOW, type RunContext, refusal } from './guard.js';

/** The kill switch as stored in Redis: on stops every worker from starting a new action. */
export interface KillSwitchState {
  readonly on: boolean;
  readonly who: string | null;
  readonly why: string | null;
  /** ISO-8601 time of the last change; null when it was never set. */
  readonly at: string | null;
}

export interface KillSwitchOptions {
  readonly redis: RedisClient;
  /** config.redis.prefix: the key is `<prefix>:killswitch`. */
  readonly prefix: string;
  readonly events: EventSink;
  readonly clock: Clock;
  readonly timeoutMs?: number;
  /** When given, a change whose event cannot be recorded is logged instead of failing (the switch is set). */
  readonly logger?: Logger;
}

const NEVER_SET: KillSwitchState = { on: false, who: null, why: null, at: null };

function parseState(raw: string | null): KillSwitchState {
  if (raw === null) return NEVER_SET;
  let parsed: Partial<KillSwitchState>;
  try {
    parsed = JSON.parse(raw) as Partial<KillSwitchState>;
  } catch {
    parsed = { why: `unreadable value ${JSON.stringify(raw.slice(0, 40))}` };
  }
  // Anything but an explicit off counts as on: a corrupted value must not let actions through.
  return { on: parsed.on !== false, who: parsed.who ?? null, why: parsed.why ?? null, at: parsed.at ?? null };
}

/** One Redis key every worker reads right before each action. */
export class KillSwitch {
  readonly key: string;

  constructor(private readonly options: KillSwitchOptions) {
    this.key = `${options.prefix}:killswitch`;
  }

  /** Throws RedisUnreachableError when the state cannot be read. */
  async status(): Promise<KillSwitchState> {
    const raw = await safetyCall(this.options.redis, (redis) => redis.get(this.key), this.timeoutMs);
    return parseState(raw);
  }

  /** Turns the switch on or off and records the change on the timeline. */
  async set(on: boolean, who: string, why: string): Promise<KillSwitchState> {
    const at = this.options.clock.now().toISOString();
    const state: KillSwitchState = { on, who, why, at };
    await safetyCall(this.options.redis, (redis) => redis.set(this.key, JSON.stringify(state)), this.timeoutMs);
    const event: SimianEvent = {
      type: EVENT_TYPES.killSwitch,
      app: 'simian',
      desc: `kill switch ${on ? 'on' : 'off'} by ${who}: ${why}`,
      monkey: null,
      dryRun: false,
      resource: null,
      group: null,
      region: null,
      zone: null,
      account: null,
      timestamp: at,
      on,
      who,
      reason: why,
    };
    const { logger, events } = this.options;
    await (logger ? recordSafely(events, logger, event) : events.record(event));
    return state;
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  }
}

/** Describes who set the switch and why, for refusals and `killswitch status`. */
export function describeKillSwitch(state: KillSwitchState): string {
  if (!state.on) return state.at ? `off (turned off by ${state.who} at ${state.at}: ${state.why})` : 'off (never set)';
  return `on (set by ${state.who ?? 'unknown'} at ${state.at ?? 'unknown time'}: ${state.why ?? 'no reason given'})`;
}

/**
 * Checked right before each action. When the state cannot be read, an armed run refuses (fail closed) and a dry
 * run goes on with the reason noted.
 */
export function killSwitchGuard(killSwitchFor: (run: RunContext) => KillSwitch): ActionGuard {
  return {
    name: 'kill-switch',
    async check(_action, run) {
      let state: KillSwitchState;
      try {
        state = await killSwitchFor(run).status();
      } catch (error) {
        const detail = error instanceof RedisUnreachableError ? error.message : String(error);
        const reason = `kill switch state unknown: ${detail}`;
        if (run.dryRun) return { allow: true, note: reason };
        return refusal('kill-switch', reason);
      }
      if (!state.on) return ALLOW;
      return refusal('kill-switch', `kill switch is ${describeKillSwitch(state)}`);
    },
  };
}
