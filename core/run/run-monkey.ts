import type { Logger } from 'pino';
import { getMonkey } from '../../monkeys/index.js';
import type { Monkey } from '../../monkeys/monkey.js';
import { type EventOrigin, findingEvent, runEvent } from '../actuator/action-event.js';
import { redisCommandLog } from '../actuator/command-log.js';
import { executePlan } from '../actuator/execute.js';
import { type Pacer, TokenBucketPacer } from '../actuator/pacer.js';
import { RevertRegistry, type RevertRegistryOptions } from '../actuator/revert-registry.js';
import type { AwsClients, AwsTarget } from '../aws/clients.js';
import { failedReadOf } from '../aws/failed-read.js';
import { takeSnapshot } from '../aws/inventory.js';
import { accountOf, type RealAccount } from '../aws/real-account.js';
import type { Clock } from '../clock.js';
import type { LoadedSchedule } from '../config/load.js';
import type { GlobalConfig } from '../config/schema.js';
import { InputError } from '../errors.js';
import { EVENT_TYPES, type EventSink } from '../events/event.js';
import { recordSafely } from '../events/record-safely.js';
import type { FailedRead, Snapshot } from '../fleet/model.js';
import { decideOptIn, optInRulesFrom } from '../fleet/opt-in.js';
import type { AlertSender } from '../notify/alert.js';
import type { ActionResult, Plan, RunReport } from '../plan/action.js';
import { countBySeverity, findingsExitCode, type Severity } from '../plan/finding.js';
import { plannedReport } from '../plan/preview.js';
import type { RedisClient } from '../queue/connection.js';
import { accountVerdict } from '../safety/account-guard.js';
import { type ArmedDecision, decideDryRun } from '../safety/armed.js';
import { effectiveCaps } from '../safety/caps.js';
import { buildGuards, type Guards } from '../safety/chain.js';
import type { RunContext } from '../safety/guard.js';
import { safetyCall } from '../safety/redis-call.js';
import { type HeldLease, takeRunLease } from '../safety/run-lease-guard.js';
import { parseMonkeyParams } from './params.js';
import { newRunId } from './run-id.js';

/** One run of one monkey in one region: what the CLI, a fleet job or the demo asks for. */
export interface RunRequest {
  readonly monkey: string;
  readonly region: string;
  /** Parameters given for this run; they override the schedule entry's params. */
  readonly params?: Record<string, unknown>;
  /** The schedule entry that started the run (armed, caps, selectors, params). */
  readonly entry?: LoadedSchedule;
  /**
   * A person ran it from the command line: the entry's rules, caps and params still apply, but not its `armed`
   * (only config + --no-dry-run arm a manual run) and it is not a scheduled run to the calendar guard.
   */
  readonly manual?: boolean;
  /** true unless the command line said --no-dry-run (a scheduled run passes true and relies on entry.armed). */
  readonly flagDryRun: boolean;
  readonly runId?: string;
  readonly verifyPermissions?: boolean;
  /**
   * false: another region's run of the same job reads and reports the account's global resources (Route 53, IAM),
   * so each is reported once per run. @defaultValue true
   */
  readonly globals?: boolean;
}

/** The account a run works in: the credentials' own (STS), beside the one config names for the region. */
export type RunAccount = RealAccount;

export interface RunDeps {
  readonly config: GlobalConfig;
  readonly clients: AwsClients;
  /** null or unreachable: a dry run still plans and reports; an armed run is refused (fail closed). */
  readonly redis: RedisClient | null;
  readonly events: EventSink;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random?: () => number;
  readonly pacer?: Pacer;
  /**
   * Tests only: stands in for asking STS. The CLI, the fleet and the demo leave it out, so that every run learns the
   * account of the credentials it acts with (learnAccount) and the account guard compares that with config.
   */
  readonly account?: (region: string) => Promise<RunAccount>;
  /** The alert gateway the run's notify-owner actions go through (absent: they fail, saying so). */
  readonly alerts?: AlertSender;
  /** Each revert as it is registered, before its fault (the fleet: its delayed job). */
  readonly onRevertRegistered?: RevertRegistryOptions['onRegistered'];
  onProgress?(done: number, total: number, result: ActionResult): void;
  /**
   * Asked once, after the plan and the run guards and before anything armed happens, with the plan as a report
   * (the CLI prints it and asks for the zone to be typed back). false: nothing is done (exit 2).
   */
  confirm?(preview: RunReport): Promise<boolean>;
}

/** How a report run's findings decide its exit code (`--severity`, `--exit-zero`). */
export interface FindingsExit {
  readonly threshold?: Severity;
  readonly exitZero?: boolean;
}

/**
 * The contract's exit code of a finished run: 3 refused by a guard, 1 some action failed, else 0. A report
 * monkey's run exits by its worst finding instead (0 none at or above the threshold, 1 warning, 2 critical).
 */
export function exitCodeOf(report: RunReport, findings: FindingsExit = {}): 0 | 1 | 2 | 3 {
  if (report.refused) return 3;
  if (report.summary.failed > 0) return 1;
  if (report.findings && !findings.exitZero) return findingsExitCode(report.findings, findings.threshold);
  return 0;
}

/**
 * The monkey's own read-only prepare step, then the snapshot. A report run records a read that fails (it becomes a
 * `read-failed` finding, and the rules that needed it are not checked) and reports the rest; any other run fails.
 */
async function observe(
  monkey: Monkey<unknown, unknown>,
  params: unknown,
  request: RunRequest,
  deps: RunDeps,
  target: AwsTarget & { account: string },
  now: Date,
): Promise<{ observed: unknown; snapshot: Snapshot }> {
  const reader = deps.clients.readOnly();
  const reporting = monkey.kind === 'report';
  const failedReads: FailedRead[] = [];
  const readFailed = (type: string, error: unknown, region?: string) =>
    failedReads.push({ ...failedReadOf(type, error), ...(region ? { region } : {}) });
  const configured = deps.config.accounts.find((account) => account.id === target.account)?.regions;
  const regions = [...new Set([request.region, ...(configured ?? deps.config.regions)])];
  const globals = request.globals !== false;
  const prepare = monkey.prepare;
  let observed: unknown;
  if (prepare) {
    const records = deps.redis ? { redis: deps.redis, prefix: deps.config.redis.prefix } : undefined;
    const input = {
      params,
      clients: reader,
      target,
      now,
      regions,
      globals,
      ...(records ? { records } : {}),
      ...(reporting ? { readFailed } : {}),
    };
    observed = reporting
      ? await prepare(input).catch((error: unknown) => {
          failedReads.push({ ...failedReadOf(monkey.observes ?? monkey.name, error), observed: true });
          return undefined;
        })
      : await prepare(input);
  }
  const snapshot = await takeSnapshot(reader, target, {
    clock: deps.clock,
    ...(monkey.reads ? { reads: monkey.reads } : {}),
    globals,
    ...(reporting ? { onReadFailure: 'record' as const } : {}),
  });
  const failed = [...failedReads, ...(snapshot.failedReads ?? [])];
  return { observed, snapshot: failed.length > 0 ? { ...snapshot, failedReads: failed } : snapshot };
}

/** Whether Redis answers now: the kill switch, caps, tracker and reverts all live there. */
async function redisProblem(redis: RedisClient | null): Promise<string | null> {
  if (!redis) return 'no Redis connection';
  try {
    await safetyCall(redis, (connection) => connection.ping());
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A refused run into the timeline: one event naming the guard and its reason. */
function recordRefusal(
  deps: RunDeps,
  logger: Logger,
  origin: EventOrigin,
  refused: { readonly guard: string; readonly reason: string },
): Promise<void> {
  const desc = `${origin.monkey} run refused by ${refused.guard}: ${refused.reason}`;
  return recordSafely(deps.events, logger, { ...runEvent(EVENT_TYPES.refused, origin, desc), ...refused });
}

function refusedReport(plan: Plan, dryRun: boolean, refused: { guard: string; reason: string }): RunReport {
  return {
    ...(plan.findings ? { findings: [] } : {}),
    monkey: plan.monkey,
    dryRun,
    target: { ...plan.target },
    actions: [],
    skipped: [...plan.skipped],
    summary: { planned: 0, done: 0, failed: 0, skipped: plan.skipped.length },
    refused,
  };
}

/**
 * The one pipeline: validate params → (monkey's read-only prepare) → account → snapshot → plan → armed or dry
 * run → guards → actuator → report. Bad input throws InputError before anything is done; a refusal is a report
 * with `refused` (exit 3), never an exception, so callers can print what was planned.
 */
export async function runMonkey(request: RunRequest, deps: RunDeps): Promise<RunReport> {
  const monkey = getMonkey(request.monkey) as Monkey<unknown, unknown>;
  const params = parseMonkeyParams(monkey.name, monkey.params, { ...request.entry?.params, ...request.params });
  const now = deps.clock.now();
  const runId = request.runId ?? newRunId(monkey.name, now);
  const logger = deps.logger.child({ monkey: monkey.name, runId, region: request.region });
  const entry = request.entry;

  // A report monkey never acts: it is a dry run whatever was asked, and needs no arming.
  const armed: ArmedDecision =
    monkey.kind === 'report'
      ? { dryRun: true, reason: 'report run: findings only, nothing is ever changed' }
      : decideDryRun({
          configArmed: deps.config.armed,
          flagDryRun: request.flagDryRun,
          scheduleArmed: request.manual ? undefined : entry?.armed,
        });
  logger.info({ dryRun: armed.dryRun }, armed.reason);
  if (armed.refused) {
    // Decided before any AWS call: a run the config does not allow is refused at once, whatever AWS would say.
    const origin = { monkey: monkey.name, dryRun: true, runId, region: request.region };
    await recordRefusal(deps, logger, origin, armed.refused);
    const nothing: Plan = { monkey: monkey.name, target: { region: request.region }, actions: [], skipped: [] };
    return refusedReport(nothing, true, armed.refused);
  }

  const account = await accountOf(deps, request.region);
  const target: AwsTarget = {
    region: request.region,
    account: account.id,
    ...(account.roleArn ? { roleArn: account.roleArn } : {}),
  };
  const optInRules = entry ? optInRulesFrom(entry, entry.file, entry.excludeLines) : undefined;
  const run: RunContext = {
    runId,
    monkey: monkey.name,
    kind: monkey.kind,
    dryRun: armed.dryRun,
    account,
    region: request.region,
    config: deps.config,
    ...(entry && !request.manual ? { entry } : {}),
    caps: effectiveCaps(deps.config.caps, monkey.defaultCaps, entry?.caps),
    ...(optInRules ? { optInRules } : {}),
  };

  // The account is judged before anything is read in it: the credentials may be another account's.
  const accountRefusal = accountVerdict(run);
  if (!accountRefusal.allow) {
    const refused = { guard: accountRefusal.guard, reason: accountRefusal.reason };
    const origin = { monkey: monkey.name, dryRun: run.dryRun, runId, region: request.region, account: account.id };
    await recordRefusal(deps, logger, origin, refused);
    const nothing: Plan = { monkey: monkey.name, target: { region: request.region }, actions: [], skipped: [] };
    return refusedReport(nothing, run.dryRun, refused);
  }
  // Everything before the actuator reads only: a client that refuses any call but Describe/List/Get.
  const reader = deps.clients.readOnly();
  const { observed, snapshot } = await observe(monkey, params, request, deps, { ...target, account: account.id }, now);
  const where = { account: account.id, region: request.region };
  const plan = monkey.plan({
    snapshot,
    params,
    optIn: (group) => decideOptIn(group, monkey, optInRules, where, deps.config.tags.prefix),
    random: deps.random ?? Math.random,
    now,
    observed,
    config: deps.config,
    tags: deps.config.tags,
  });

  const refusal = plan.refused;
  if (refusal) {
    const origin = { monkey: monkey.name, dryRun: run.dryRun, runId, region: request.region, account: account.id };
    await recordRefusal(deps, logger, origin, refusal);
    return refusedReport(plan, run.dryRun, refusal);
  }
  if (monkey.kind === 'report') return reportRun(plan, run, deps, logger);

  const unreachable = await redisProblem(deps.redis);
  if (unreachable && !run.dryRun) {
    const reason = `an armed run needs Redis for the kill switch, caps, tracker and reverts: ${unreachable}`;
    return refusedReport(plan, false, { guard: 'redis', reason });
  }
  let guards: Guards;
  if (unreachable || !deps.redis) {
    // A dry run without Redis still plans: only the run guards that need no Redis are asked.
    logger.warn(`Redis unreachable (${unreachable}): dry run without the kill switch, caps and tracker checks`);
    const runOnly = buildGuards({ ...deps, clients: reader, redis: null }, { kind: monkey.kind });
    guards = { run: runOnly.run, action: [] };
  } else {
    guards = buildGuards({ ...deps, clients: reader, redis: deps.redis }, { kind: monkey.kind });
  }
  const reverts =
    deps.redis && !unreachable
      ? new RevertRegistry(deps.redis, { prefix: deps.config.redis.prefix, onRegistered: deps.onRevertRegistered })
      : null;

  if (!run.dryRun && deps.confirm && plan.actions.length > 0) {
    const preview = plannedReport(plan, run.dryRun);
    if (!(await deps.confirm(preview))) throw new InputError('the confirmation did not match: nothing was done');
  }
  // One armed run at a time per target: a second concurrent run is refused, a lost lease stops this one.
  let lease: HeldLease | undefined;
  if (!run.dryRun && deps.redis && plan.actions.length > 0) {
    const answer = await takeRunLease(deps.redis, plan, run);
    if (!answer.ok) {
      const refused = { guard: 'concurrent-run', reason: answer.reason };
      const origin = { monkey: monkey.name, dryRun: false, runId, region: request.region, account: account.id };
      await recordRefusal(deps, logger, origin, refused);
      return refusedReport(plan, false, refused);
    }
    lease = answer.held;
    guards = { ...guards, action: [lease.guard, ...guards.action] };
  }
  try {
    const report = await executePlan(plan, run, {
      clients: deps.clients,
      guards,
      events: deps.events,
      reverts,
      pacer: deps.pacer ?? new TokenBucketPacer(),
      logger,
      clock: deps.clock,
      ...(account.roleArn ? { roleArn: account.roleArn } : {}),
      verifyPermissions: request.verifyPermissions,
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      ...(deps.alerts ? { alerts: deps.alerts } : {}),
      ...(reverts && deps.redis ? { commands: redisCommandLog(deps.redis, deps.config.redis.prefix, runId) } : {}),
      redis: reverts ? deps.redis : null,
    });
    // A janitor run's findings (its notices, what it reports instead of deleting) travel with its report.
    return plan.findings && !report.refused ? { ...report, findings: [...plan.findings] } : report;
  } finally {
    await lease?.release();
  }
}

/** A run as its monkey declares it: through its own runner (Janitor's notices) or one pass of the pipeline. */
export function runDeclared(request: RunRequest, deps: RunDeps): Promise<RunReport> {
  const { runner } = getMonkey(request.monkey);
  return runner ? runner(runMonkey, request, deps) : runMonkey(request, deps);
}

/**
 * A report monkey's run: the account and region guards only (no calendar, no arming, no Redis needed), then its
 * findings into the timeline (when the sink can take them) and the report. A report monkey that planned actions
 * is a programming error: nothing is acted on.
 */
async function reportRun(plan: Plan, run: RunContext, deps: RunDeps, logger: Logger): Promise<RunReport> {
  if (plan.actions.length > 0) throw new Error(`${plan.monkey} is a report monkey but planned actions`);
  const guards = buildGuards({ ...deps, clients: deps.clients.readOnly(), redis: null }, { kind: 'report' });
  const report = await executePlan(plan, run, {
    clients: deps.clients,
    guards,
    events: deps.events,
    reverts: null,
    pacer: deps.pacer ?? new TokenBucketPacer(),
    logger,
    clock: deps.clock,
  });
  if (report.refused) return { ...report, findings: [] };
  const findings = [...(plan.findings ?? [])];
  const origin = { monkey: plan.monkey, dryRun: true, runId: run.runId, region: run.region, account: run.account.id };
  for (const finding of findings) await recordSafely(deps.events, logger, findingEvent(finding, origin));
  return {
    ...report,
    findings,
    summary: { ...report.summary, findings: findings.length, bySeverity: countBySeverity(findings) },
  };
}
