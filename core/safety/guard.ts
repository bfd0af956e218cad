import type { RealAccount } from '../aws/real-account.js';
import type { Caps, GlobalConfig, MonkeyName, ScheduleEntry } from '../config/schema.js';
import type { OptInRules } from '../fleet/opt-in-types.js';
import type { Action } from '../plan/action.js';
import type { MonkeyKind } from '../plan/monkey-kind.js';
import type { GuardName } from './guard-name.js';

/** What one guard says of a run or an action. */
export type Verdict =
  | {
      readonly allow: true;
      /** Said when a guard lets something through that it would stop in other runs (reported, not blocking). */
      readonly note?: string;
    }
  | {
      readonly allow: false;
      readonly guard: GuardName;
      readonly reason: string;
      /** `run`: refuse everything that has not started (exit 3); `action`: spare this one resource. */
      readonly scope: 'run' | 'action';
    };

export const ALLOW: Verdict = { allow: true };

/** A verdict that stops something, with the guard that said so. */
export type Stop = Extract<Verdict, { allow: false }>;

/** Spare this one resource; the run goes on with the others. */
export function skip(guard: GuardName, reason: string): Stop {
  return { allow: false, guard, scope: 'action', reason };
}

/** Refuse the run: nothing that has not started happens (exit 3). */
export function refusal(guard: GuardName, reason: string): Stop {
  return { allow: false, guard, scope: 'run', reason };
}

/** Everything a guard may need to know about the run it judges. Built once at the top of a run. */
export interface RunContext {
  readonly runId: string;
  readonly monkey: MonkeyName;
  /** The monkey's kind: which guards the run gets, and whether opt-in needs a tag. */
  readonly kind: MonkeyKind;
  /** Decided once, at the top, from config AND flag (or the schedule's armed with the global armed). */
  readonly dryRun: boolean;
  /** The account of the credentials (id and alias as AWS answers), beside the one config names for the region. */
  readonly account: Pick<RealAccount, 'id' | 'alias' | 'aliasUnreadable' | 'configured'>;
  readonly region: string;
  readonly config: GlobalConfig;
  /** The schedule entry that started the run, if any (caps, selectors, requireTag). */
  readonly entry?: ScheduleEntry;
  /** Effective caps: the entry's over the global ones. */
  readonly caps: Caps;
  /** The YAML opt-in rules the plan used (with file and lines); else derived from `entry`, else tags alone. */
  readonly optInRules?: OptInRules;
}

/** A check made once before any action (calendar, account allowlist, stop conditions ...). */
export interface RunGuard {
  readonly name: GuardName;
  check(run: RunContext): Promise<Verdict>;
}

/** A check made right before each action (kill switch, opt-in re-check, caps, tracker ...). */
export interface ActionGuard {
  readonly name: GuardName;
  check(action: Action, run: RunContext): Promise<Verdict>;
}
