import type { Logger } from 'pino';
import type { AwsClients } from '../aws/clients.js';
import type { Action } from '../plan/action.js';

/** What an effect needs to act: clients for the action's account/region, and a logger. */
export interface EffectContext {
  readonly clients: AwsClients;
  readonly logger: Logger;
  /** The account's role, when simian assumes one. */
  readonly roleArn?: string;
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

/**
 * A registered action kind: the only code that performs mutating AWS calls. It declares its IAM permissions
 * (`simian iam-policy` is generated from these), how many resources one API call takes, and how it is undone.
 */
export interface Effect {
  readonly kind: string;
  readonly description: string;
  readonly permissions: readonly string[];
  /** Resources per API call (TerminateInstances: 1000); 1 when the API takes one resource. */
  readonly batchSize: number;
  /** The AWS action that paces this effect (shared token bucket name, e.g. "ec2:TerminateInstances"). */
  readonly pacing: string;
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
