import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AwsClients } from '../aws/clients.js';
import type { EventSink } from '../events/event.js';
import type { Group } from '../fleet/model.js';
import type { OptInDecision } from '../fleet/opt-in-types.js';
import type { AlertSender } from '../notify/alert.js';
import type { Action } from '../plan/action.js';
import type { RedisClient } from '../redis/connection.js';
import type { CommandLog } from './command-log.js';

/** Simian's own records in Redis (what a monkey marked and whom it told): the connection and config.redis.prefix. */
export interface RecordStore {
  readonly redis: RedisClient;
  readonly prefix: string;
}

/** What an effect needs to act: clients for the action's account/region, and a logger. */
export interface EffectContext {
  readonly clients: AwsClients;
  readonly logger: Logger;
  /** The account's role, when simian assumes one. */
  readonly roleArn?: string;
  /**
   * The run's opt-in decision (its monkey, YAML rules and tag prefix) for a group as the effect just described it.
   * Reach checks read the groups they need afresh (one batched describe) and ask this of each one, so the decision
   * is made at act time, never from the plan's snapshot. Absent outside a run (a revert): a reach check that needs
   * it must then spare everything.
   */
  readonly optIn?: (group: Group) => OptInDecision;
  /** The alert gateway, for effects that tell people (notify-owner); absent when the run has none. */
  readonly alerts?: AlertSender;
  /** The run's record of host commands sent (armed runs with Redis): a retry sends none of them again. */
  readonly commands?: CommandLog;
  /**
   * simian's own records in Redis (config.redis.prefix), for effects that write or require them (what Doctor
   * quarantined, what the Janitor marked and whom it told); absent when the run has no Redis: such an effect then
   * spares or fails what needs the record.
   */
  readonly records?: RecordStore;
  /** The run that acts, named in what effects record. */
  readonly runId?: string;
  /** The timeline, for effects that record more than their outcome (the Janitor's saved configurations). */
  readonly events?: EventSink;
}

/** The outcome of one resource of a batch. `already` = the world was already as asked (idempotent success). */
export interface EffectOutcome {
  readonly resource: string;
  readonly ok: boolean;
  readonly already?: boolean;
  readonly error?: string;
  /** State captured before the change, needed by the revert (e.g. the original security groups). */
  readonly saved?: Readonly<Record<string, unknown>>;
}

/** A revert to run at a deadline: which effect undoes what, with the saved state. */
export interface RevertSpec {
  readonly kind: string;
  readonly resource: string;
  readonly account: string;
  readonly region: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The revert of `action`: the same resource, in the same account and region, undone by `kind` with `params`. */
export function revertOn(action: Action, kind: string, params: Readonly<Record<string, unknown>> = {}): RevertSpec {
  return { kind, resource: action.resource, account: action.account, region: action.region, params };
}

/**
 * What one action of a kind costs against the caps (maxPerRun, maxPerGroup, maxPercentPerGroup, minHealthy,
 * maxPerDayPerGroup): `instance` = it takes instances (or what serves them) out of service, and counts; `none` = it
 * takes nothing out of service by itself (e.g. moving a group's future launches out of a zone, every revert), and
 * the caps neither count nor stop it.
 */
export type CapCost = 'instance' | 'none';

/** Resource → why it must be spared; resources not named may be applied. */
export type ReachVerdicts = ReadonlyMap<string, string>;

/**
 * A registered action kind: the only code that performs mutating AWS calls. It declares its IAM permissions
 * (`simian iam-policy` is generated from these), how many resources one API call takes, and how it is undone.
 */
export interface Effect {
  readonly kind: string;
  readonly description: string;
  /**
   * Every IAM action the effect calls. Their tag conditions come from the table keyed by permission
   * (core/actuator/iam-conditions.ts), so an effect declares none itself; a destructive permission missing there
   * and from its "cannot be tag-conditioned" list fails `simian iam-policy` and its test (docs/iam.md).
   */
  readonly permissions: readonly string[];
  /**
   * true for the revert of a fault (restore-*, start-instance, attach-volumes, cancel-host-fault): it is applied
   * under the session tag simian-revert, and the IAM policy grants its permissions on what carries the monkey's key,
   * whatever its value, instead of the opt-in.
   */
  readonly revert?: true;
  /** Resources per API call (TerminateInstances: 1000); 1 when the API takes one resource. */
  readonly batchSize: number;
  /** The AWS action that paces this effect (shared token bucket name, e.g. "ec2:TerminateInstances"). */
  readonly pacing: string;
  /** What one action costs against the caps; the caps guard reads it through the registry. */
  readonly capped: CapCost;
  /**
   * The strict shape of `Action.params` for this kind (and so of a revert record's params, when the kind is a
   * revert). Checked when a plan's batches are built (a bad param is bad input: nothing is recorded or done) and
   * again before a revert is applied (a bad record fails the revert, before any call).
   */
  readonly paramsSchema: z.ZodType<Readonly<Record<string, unknown>>>;
  /**
   * Read-only, batched: what else the actions would hit besides their resource (every instance of an isolated
   * subnet, every group that launches into it), checked right before applying, in armed and dry runs alike. Each
   * resource named is spared (guard `reach`) with the reason; the others are applied. Absent when an action hits
   * its resource only. A reach check that throws spares the whole batch.
   */
  reach?(actions: readonly Action[], ctx: EffectContext): Promise<ReachVerdicts>;
  /**
   * Read-only capture of what the revert will need, called before apply (and before the revert is registered).
   * Absent for irreversible effects.
   */
  capture?(actions: readonly Action[], ctx: EffectContext): Promise<Map<string, Record<string, unknown>>>;
  /** Applies the actions (all of one account+region); one outcome per action, in any order. */
  apply(actions: readonly Action[], ctx: EffectContext): Promise<EffectOutcome[]>;
  /** Builds the revert of one applied action from its captured state; absent for irreversible effects. */
  revertOf?(action: Action, saved: Readonly<Record<string, unknown>>): RevertSpec;
  /** Permission-only check (EC2 `DryRun: true`) for `--verify-permissions`. */
  verify?(actions: readonly Action[], ctx: EffectContext): Promise<{ allowed: boolean; detail: string }>;
}

/**
 * An action kind a monkey performs, declared by the monkey, with the effect that undoes it when it can be undone (a
 * fault's revert at its deadline, or the Janitor's restore of what it deleted).
 */
export interface MonkeyEffect {
  readonly effect: Effect;
  readonly revert?: Effect;
}

/** Every effect of a monkey's declaration, its reverts included, each kind once in declared order. */
export function effectsOfMonkey(declared: readonly MonkeyEffect[]): Effect[] {
  const byKind = new Map<string, Effect>();
  for (const { effect, revert } of declared) {
    byKind.set(effect.kind, effect);
    if (revert) byKind.set(revert.kind, revert);
  }
  return [...byKind.values()];
}
