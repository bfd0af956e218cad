import type { Finding, Severity } from './finding.js';
import type { MonkeyName } from './monkey-kind.js';

/**
 * An intended change, produced by a monkey's plan. Monkeys return these; only the actuator applies them.
 * `kind` names a registered effect (kebab-case verb-noun, e.g. `terminate-instance`).
 */
export interface Action {
  readonly kind: string;
  readonly resource: string;
  readonly group: string | null;
  readonly account: string;
  readonly region: string;
  readonly zone: string | null;
  /** Effect-specific parameters (e.g. subnets to remove, the SSM script to run). */
  readonly params: Readonly<Record<string, unknown>>;
  /** For reversible kinds: how long the fault lasts before its revert is due. */
  readonly durationMs?: number;
  /**
   * The resource's owner tag as the plan saw it (null: none). When set, an action whose resource changed owner
   * since the plan is spared at action time.
   */
  readonly owner?: string | null;
  /**
   * What the plan saw that made it act, for the report (Janitor: the rule, why the resource matches it, the owner
   * and the date it may be deleted), so a dry run says why, not only what.
   */
  readonly details?: Readonly<Record<string, string | null>>;
}

/** Why a resource was spared: the guard that spared it, in words a person reads. */
export interface Skip {
  readonly resource: string;
  readonly group: string | null;
  readonly guard: string;
  readonly reason: string;
  readonly region?: string;
  readonly zone?: string | null;
}

export interface Plan {
  readonly monkey: MonkeyName;
  /** What the run aimed at, e.g. { region, zone } for gorilla. */
  readonly target: Readonly<Record<string, string>>;
  readonly actions: readonly Action[];
  /** Resources the monkey itself considered and spared (opt-in, eligibility). */
  readonly skipped: readonly Skip[];
  /** What a report monkey found (never acted on). */
  readonly findings?: readonly Finding[];
  /** Set when the monkey itself refuses the whole run (e.g. Kong would leave no healthy region): exit 3. */
  readonly refused?: { readonly guard: string; readonly reason: string };
}

/** The contract's `summary`; findings counts only when the run produced findings or is a report run. */
export interface RunSummary {
  planned: number;
  done: number;
  failed: number;
  skipped: number;
  findings?: number;
  bySeverity?: Record<Severity, number>;
}

export type ActionStatus = 'planned' | 'done' | 'failed' | 'reverted';

/** One line of a report: an action and what became of it (the contract's `actions[]`). */
export interface ActionResult {
  kind: string;
  resource: string;
  group: string | null;
  region: string;
  zone: string | null;
  status: ActionStatus;
  reason: string | null;
  revertAt: string | null;
  /** The action's `details`, when its plan gave any. */
  details?: Readonly<Record<string, string | null>>;
}

/** The contract's `--json` document for one run. */
export interface RunReport {
  monkey: MonkeyName;
  dryRun: boolean;
  target: Record<string, string>;
  actions: ActionResult[];
  skipped: Skip[];
  /** Report monkeys (and Janitor's report): what was found. */
  findings?: Finding[];
  summary: RunSummary;
  /** Set when a guard refused the whole run (exit code 3). */
  refused?: { guard: string; reason: string };
  /** What a guard let through but wants said ("calendar: outside the chaos window ..."), once each. */
  notes?: string[];
  /** `--verify-permissions` (dry run): whether each action kind would be allowed, per region. */
  permissions?: PermissionCheck[];
}

/** The answer of an effect's permission-only call (EC2 `DryRun: true`); allowed null = the kind has no such check. */
export interface PermissionCheck {
  kind: string;
  region: string;
  allowed: boolean | null;
  detail: string;
}
