import type { z } from 'zod';
import type { RecordStore } from '../actuator/effect.js';
import type { AwsClients, AwsTarget } from '../aws/clients.js';
import type { ResourceTypeName } from '../aws/resources/index.js';
import type { Caps, GlobalConfig, MonkeyName } from '../config/schema.js';
import type { Group, Snapshot } from '../fleet/model.js';
import type { OptInDecision } from '../fleet/opt-in-types.js';
import type { Plan, RunReport } from '../plan/action.js';
import type { MonkeyKind } from '../plan/monkey-kind.js';
import type { DailyHook } from '../queue/daily-plan.js';
import type { RunDeps, RunRequest } from './run-request.js';

/** What a monkey's plan function reads. It is pure: no AWS calls, no Redis, no clock of its own. */
export interface PlanInput<P, O = unknown> {
  readonly snapshot: Snapshot;
  readonly params: P;
  /** The opt-in decision for a group and this monkey (tags + YAML rules), with its reason. */
  readonly optIn: (group: Group) => OptInDecision;
  /** Uniform in [0, 1); seeded in tests. */
  readonly random: () => number;
  readonly now: Date;
  /** What the monkey's own `prepare` step read (absent when it has none). */
  readonly observed?: O;
  /** The run's global config (calendar, tag keys, owner fallbacks), for monkeys whose plan depends on it. */
  readonly config?: GlobalConfig;
  /** The config's tag keys: the owner tag (then ownerKeys) and the opt-in prefix (absent: owner, simian). */
  readonly tags?: GlobalConfig['tags'];
}

/** What a monkey's optional `prepare` step may use: read-only AWS calls for the run's account and region. */
export interface PrepareInput<P> {
  readonly params: P;
  readonly clients: AwsClients;
  readonly target: AwsTarget;
  /** The run's time, the one its plan is given (what a prepare step judges ages by). */
  readonly now: Date;
  /** Every region the account is configured for, the run's first: where "does the account hold it?" looks. */
  readonly regions: readonly string[];
  /**
   * Whether this run reads the account's global resources (Route 53, IAM): a job over several regions reads them in
   * its first region only, so each is reported once.
   */
  readonly globals: boolean;
  /**
   * Report runs only: a read that failed is recorded here (its type's rules go unchecked, a `read-failed` finding
   * says so) and the step goes on with the rest. Absent: a failure propagates and the run fails.
   */
  readonly readFailed?: (type: string, error: unknown, region?: string) => void;
  /** Simian's own records (absent without Redis; a read may still fail when Redis does not answer). */
  readonly records?: RecordStore;
}

/** A monkey: a name, its kind, its parameter schema, and a plan function. It never calls a mutating API. */
export interface Monkey<P = unknown, O = unknown> {
  readonly name: MonkeyName;
  /**
   * fault and janitor act (every guard); report only finds (account and region guards, exit code by severity). A
   * fault monkey needs each group's opt-in tag (unless a rule sets requireTag: false).
   */
  readonly kind: MonkeyKind;
  readonly description: string;
  readonly params: z.ZodType<P>;
  /**
   * Caps that suit what this monkey does, under the config's (a zone outage is not capped at one instance per
   * group): a key set in simian.yaml or in the schedule entry still wins. Absent: the built-in defaults.
   */
  readonly defaultCaps?: Caps;
  /**
   * The resource types the plan reads: the snapshot lists only these (one paginated sweep per type). Default
   * `auto-scaling-group` and `instance`.
   */
  readonly reads?: readonly ResourceTypeName[];
  /**
   * Every action kind this monkey's runs perform, reverts included: `simian iam-policy` grants exactly these
   * effects' permissions, under the monkey's tag conditions. Required of fault and janitor monkeys (a test fails
   * for one without it).
   */
  readonly acts?: readonly string[];
  /** The resource type its prepare step reads, named by the `read-failed` finding when that step fails whole. */
  readonly observes?: string;
  /** Report monkeys: the rule ids of their findings (`--rule` lists them and refuses any other). */
  readonly rules?: readonly string[];
  plan(input: PlanInput<P, O>): Plan;
  /**
   * Optional read-only step before the snapshot: validates the target against AWS (throws InputError, e.g. a zone
   * the region does not have) and reads what the plan needs beyond the snapshot (subnets, Route 53 records).
   */
  prepare?(input: PrepareInput<P>): Promise<O>;
  /**
   * Plan the day, act at random times in the calendar window (chaosmonkey v2's model): the fleet's daily plan asks
   * `count` for each group opted in under this monkey's entries and runs the monkey aimed at the group (`aim`) at
   * each planned time, every guard checked again then. Absent: the monkey runs on its entries' cron/every.
   */
  readonly daily?: DailyHook;
  /**
   * How a run of this monkey goes when it is more than one pass of the pipeline (Janitor: after the run, the owners'
   * digests, then a pass that records them). Given the pipeline; absent: one pass.
   */
  readonly runner?: (
    pipeline: (request: RunRequest, deps: RunDeps) => Promise<RunReport>,
    request: RunRequest,
    deps: RunDeps,
  ) => Promise<RunReport>;
}
