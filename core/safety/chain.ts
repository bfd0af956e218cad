import type { Logger } from 'pino';
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { EventSink } from '../events/event.js';
import type { Action } from '../plan/action.js';
import type { MonkeyKind } from '../plan/monkey-kind.js';
import type { RedisClient } from '../redis/connection.js';
import { accountGuard } from './account-guard.js';
import { atOnceGuard } from './at-once-guard.js';
import { calendarGuard } from './calendar-guard.js';
import { capsGuard } from './caps-guard.js';
import { FreshState } from './fresh-state.js';
import type { ActionGuard, RunContext, RunGuard } from './guard.js';
import { KillSwitch, killSwitchGuard } from './kill-switch.js';
import { optInGuard } from './opt-in-guard.js';
import { regionGuard } from './region-guard.js';
import { stopConditionGuard } from './stop-conditions.js';
import { Tracker, trackerGuard } from './tracker.js';

/** What the guards of one run need; built at the entry points. */
export interface GuardDeps {
  readonly clients: AwsClients;
  /** null when the run has no Redis: its kill-switch and tracker guards then refuse armed runs, note dry runs. */
  readonly redis: RedisClient | null;
  readonly events: EventSink;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface GuardOptions {
  /**
   * Hold manual dry runs to the calendar too. Off by default: a person rehearsing on a game day usually runs
   * outside the chaos window, and a dry run changes nothing; the calendar then only notes it. Scheduled and armed
   * runs are always held to it (there is no override for them).
   */
  readonly enforceCalendarOnManualDryRuns?: boolean;
  /** How long a Redis safety check may wait before it counts as unreachable. */
  readonly redisTimeoutMs?: number;
  /** The monkey's kind: a report run gets the account and region guards only (it never acts). */
  readonly kind?: MonkeyKind;
}

export interface Guards {
  readonly run: RunGuard[];
  readonly action: ActionGuard[];
  /**
   * Re-reads, batched, what a batch of actions touches, right before its action guards (and again before the
   * mutating call when the guards took long): the opt-in and caps guards then answer from that one read.
   */
  readonly prefetch?: (actions: readonly Action[], run: RunContext) => Promise<void>;
}

/** Builds one per-run instance lazily from the run's config (key prefix, time zone). */
function perRun<T>(make: (run: RunContext) => T): (run: RunContext) => T {
  let made: T | undefined;
  return (run) => {
    made ??= make(run);
    return made;
  };
}

/**
 * The guards of one run, in their fixed order, chosen by the monkey's kind. Fault and janitor runs: account,
 * region, calendar, stop-condition; then, right before each action: kill-switch, opt-in, caps, at-once (a remedy's
 * group under remedy, across runs), tracker (the tracker last, because it records the kill). Report runs: account and region only. Create one set per run: the caps
 * remember what the run already allowed.
 */
export function buildGuards(deps: GuardDeps, options: GuardOptions = {}): Guards {
  if (options.kind === 'report') return { run: [accountGuard, regionGuard], action: [] };
  const fresh = new FreshState(deps.clients);
  const prefetch = (actions: readonly Action[], run: RunContext) => fresh.prefetch(actions, run);
  const runGuards = [
    accountGuard,
    regionGuard,
    calendarGuard(deps.clock, { enforceOnManualDryRuns: options.enforceCalendarOnManualDryRuns }),
    stopConditionGuard(deps.clients),
  ];
  const { redis } = deps;
  if (!redis) {
    return {
      run: runGuards,
      prefetch,
      action: [
        withoutRedis('kill-switch', 'kill switch state'),
        optInGuard(fresh),
        capsGuard(fresh),
        withoutRedis('tracker', 'kill tracker state'),
      ],
    };
  }
  const timeoutMs = options.redisTimeoutMs;
  const killSwitch = perRun(
    (run) =>
      new KillSwitch({
        redis,
        prefix: run.config.redis.prefix,
        events: deps.events,
        clock: deps.clock,
        timeoutMs,
      }),
  );
  const tracker = perRun(
    (run) =>
      new Tracker({
        redis,
        prefix: run.config.redis.prefix,
        clock: deps.clock,
        timeZone: run.config.calendar.timezone,
        timeoutMs,
      }),
  );
  return {
    run: runGuards,
    prefetch,
    action: [
      killSwitchGuard(killSwitch),
      optInGuard(fresh),
      capsGuard(fresh),
      atOnceGuard({ redis, clients: deps.clients, fresh, clock: deps.clock, timeoutMs }),
      trackerGuard(tracker),
    ],
  };
}

/** Stands in for a Redis-backed guard when the run has no Redis: fail closed when armed, a note in a dry run. */
function withoutRedis(name: string, what: string): ActionGuard {
  const reason = `${what} unknown: no Redis connection`;
  return {
    name,
    check: async (_action, run) =>
      run.dryRun ? { allow: true, note: reason } : { allow: false, guard: name, scope: 'run', reason },
  };
}
