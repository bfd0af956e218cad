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
import { type FreshLookup, FreshState } from './fresh-state.js';
import { type ActionGuard, type RunContext, type RunGuard, refusal } from './guard.js';
import type { ChainGuardName } from './guard-name.js';
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

/**
 * Where in a run a step is asked. `start`: by runMonkey, before the actuator (armed and account before anything is
 * read, then after the plan the monkey's own spares, redis and concurrent-run); `run`: once, as the actuator starts;
 * `action`: right before each action; `batch`: right before each batch's mutating call.
 */
export type ChainPhase = 'start' | 'run' | 'action' | 'batch';

export interface ChainStep {
  readonly guard: ChainGuardName;
  readonly phase: ChainPhase;
  /** What a no does: `run` refuses the run (exit 3), `action` spares the one resource, `either` depends on why. */
  readonly stops: 'run' | 'action' | 'either';
}

/**
 * The one guard chain of a fault or janitor run, in the order a run meets it; the first no decides. The run and
 * action guards below are built in this order (buildGuards), and docs/safety.md shows it as a table.
 */
export const GUARD_CHAIN: readonly ChainStep[] = [
  { guard: 'armed', phase: 'start', stops: 'run' },
  { guard: 'account', phase: 'start', stops: 'run' },
  { guard: 'redis', phase: 'start', stops: 'run' },
  { guard: 'concurrent-run', phase: 'start', stops: 'run' },
  { guard: 'account', phase: 'run', stops: 'run' },
  { guard: 'region', phase: 'run', stops: 'run' },
  { guard: 'calendar', phase: 'run', stops: 'run' },
  { guard: 'stop-condition', phase: 'run', stops: 'run' },
  { guard: 'concurrent-run', phase: 'action', stops: 'run' },
  { guard: 'kill-switch', phase: 'action', stops: 'run' },
  { guard: 'opt-in', phase: 'action', stops: 'action' },
  { guard: 'caps', phase: 'action', stops: 'action' },
  { guard: 'at-once', phase: 'action', stops: 'either' },
  { guard: 'tracker', phase: 'action', stops: 'either' },
  { guard: 'opt-in', phase: 'batch', stops: 'action' },
  { guard: 'reach', phase: 'batch', stops: 'action' },
  { guard: 'kill-switch', phase: 'batch', stops: 'run' },
];

/** The chain's guards of one phase, in order. */
export function chainPhase(phase: ChainPhase): ChainGuardName[] {
  return GUARD_CHAIN.filter((step) => step.phase === phase).map((step) => step.guard);
}

/** Builds one per-run instance lazily from the run's config (key prefix, time zone). */
function perRun<T>(make: (run: RunContext) => T): (run: RunContext) => T {
  let made: T | undefined;
  return (run) => {
    made ??= make(run);
    return made;
  };
}

/** Picks, in chain order, the guards of a phase that this run has (a guard built elsewhere, or absent, is left out). */
function inChainOrder<G>(phase: ChainPhase, built: Partial<Record<ChainGuardName, G>>): G[] {
  return chainPhase(phase).flatMap((name) => (built[name] ? [built[name]] : []));
}

/**
 * The guards of one run, in chain order, chosen by the monkey's kind. Fault and janitor runs: account, region,
 * calendar, stop-condition; then, right before each action: kill-switch, opt-in, caps, at-once (a remedy's group
 * under remedy, across runs), tracker (the tracker last, because it records the kill). The run's lease
 * (concurrent-run) is put first by runMonkey when it takes one. Report runs: account and region only. Create one
 * set per run: the caps remember what the run already allowed.
 */
export function buildGuards(deps: GuardDeps, options: GuardOptions = {}): Guards {
  if (options.kind === 'report') return { run: [accountGuard, regionGuard], action: [] };
  const fresh = new FreshState(deps.clients);
  const prefetch = (actions: readonly Action[], run: RunContext) => fresh.prefetch(actions, run);
  const run = inChainOrder<RunGuard>('run', {
    account: accountGuard,
    region: regionGuard,
    calendar: calendarGuard(deps.clock, { enforceOnManualDryRuns: options.enforceCalendarOnManualDryRuns }),
    'stop-condition': stopConditionGuard(deps.clients),
  });
  const action = inChainOrder<ActionGuard>('action', {
    'opt-in': optInGuard(fresh),
    caps: capsGuard(fresh),
    ...redisGuards(deps, fresh, options.redisTimeoutMs),
  });
  return { run, prefetch, action };
}

/** The action guards that live in Redis; without Redis, stand-ins that refuse armed runs and note dry runs. */
function redisGuards(
  deps: GuardDeps,
  fresh: FreshLookup,
  timeoutMs: number | undefined,
): Partial<Record<ChainGuardName, ActionGuard>> {
  const { redis } = deps;
  if (!redis) {
    return {
      'kill-switch': withoutRedis('kill-switch', 'kill switch state'),
      tracker: withoutRedis('tracker', 'kill tracker state'),
    };
  }
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
    'kill-switch': killSwitchGuard(killSwitch),
    'at-once': atOnceGuard({ redis, clients: deps.clients, fresh, clock: deps.clock, timeoutMs }),
    tracker: trackerGuard(tracker),
  };
}

/** Stands in for a Redis-backed guard when the run has no Redis: fail closed when armed, a note in a dry run. */
function withoutRedis(name: ChainGuardName, what: string): ActionGuard {
  const reason = `${what} unknown: no Redis connection`;
  return {
    name,
    check: async (_action, run) => (run.dryRun ? { allow: true, note: reason } : refusal(name, reason)),
  };
}
