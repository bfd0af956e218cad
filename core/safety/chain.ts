import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { EventSink } from '../events/event.js';
import type { Action } from '../plan/action.js';
import { accountGuard } from './account-guard.js';
import { calendarGuard } from './calendar-guard.js';
import { capsGuard } from './caps-guard.js';
import { FreshState } from './fresh-state.js';
import type { ActionGuard, RunContext, RunGuard, Verdict } from './guard.js';
import { KillSwitch, killSwitchGuard } from './kill-switch.js';
import { optInGuard } from './opt-in-guard.js';
import { regionGuard } from './region-guard.js';
import { stopConditionGuard } from './stop-conditions.js';
import { Tracker, trackerGuard } from './tracker.js';

/** What the guards of one run need; built at the entry points. */
export interface GuardDeps {
  readonly clients: AwsClients;
  /** null when the run has no Redis: its kill-switch and tracker guards then refuse armed runs, note dry runs. */
  readonly redis: Redis | null;
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
}

export interface Guards {
  readonly run: RunGuard[];
  readonly action: ActionGuard[];
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
 * The guards of one run, in their fixed order. Run: account, region, calendar, stop-condition. Action (right
 * before each): kill-switch, opt-in, caps, tracker — the tracker last, because it records the kill.
 * Create one set per run: the caps remember what the run already allowed.
 */
export function buildGuards(deps: GuardDeps, options: GuardOptions = {}): Guards {
  const fresh = new FreshState(deps.clients);
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
    action: [killSwitchGuard(killSwitch), optInGuard(fresh), capsGuard(fresh), trackerGuard(tracker)],
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

/** The chain's answer: the first refusal (or allow), and the notes of guards that let it through with a remark. */
export interface ChainVerdict {
  readonly verdict: Verdict;
  readonly notes: readonly string[];
}

async function firstRefusal(
  guards: readonly { name: string }[],
  check: (index: number) => Promise<Verdict>,
  scope: 'run' | 'action',
  logger?: Logger,
): Promise<ChainVerdict> {
  const notes: string[] = [];
  for (const [index, guard] of guards.entries()) {
    let verdict: Verdict;
    try {
      verdict = await check(index);
    } catch (error) {
      // A guard that cannot decide never lets anything through.
      const detail = error instanceof Error ? error.message : String(error);
      verdict = { allow: false, guard: guard.name, scope, reason: `${guard.name} check failed: ${detail}` };
    }
    if (!verdict.allow) return { verdict, notes };
    if (verdict.note) {
      notes.push(`${guard.name}: ${verdict.note}`);
      logger?.warn({ guard: guard.name }, verdict.note);
    }
  }
  return { verdict: { allow: true }, notes };
}

/** Runs the run guards top to bottom; stops at the first refusal. */
export function checkRunGuards(guards: readonly RunGuard[], run: RunContext, logger?: Logger): Promise<ChainVerdict> {
  return firstRefusal(guards, (index) => (guards[index] as RunGuard).check(run), 'run', logger);
}

/** Runs the action guards top to bottom right before one action; stops at the first refusal. */
export function checkActionGuards(
  guards: readonly ActionGuard[],
  action: Action,
  run: RunContext,
  logger?: Logger,
): Promise<ChainVerdict> {
  return firstRefusal(guards, (index) => (guards[index] as ActionGuard).check(action, run), 'action', logger);
}
