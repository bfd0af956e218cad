import type { Logger } from 'pino';
import { redisCommandLog } from '../actuator/command-log.js';
import { executePlan } from '../actuator/execute.js';
import { TokenBucketPacer } from '../actuator/pacer.js';
import { RevertRegistry } from '../actuator/revert-registry.js';
import type { AwsTarget } from '../aws/clients.js';
import { failedReadOf } from '../aws/failed-read.js';
import { takeSnapshot } from '../aws/inventory.js';
import { accountOf } from '../aws/real-account.js';
import type { MonkeyName } from '../config/schema.js';
import { InputError } from '../errors.js';
import { findingEvent } from '../events/action-event.js';
import { recordSafely } from '../events/record-safely.js';
import type { FailedRead, Snapshot } from '../fleet/model.js';
import { decideOptIn, optInRulesFrom } from '../fleet/opt-in.js';
import type { Plan, RunReport } from '../plan/action.js';
import { countBySeverity, findingsExitCode, type Severity } from '../plan/finding.js';
import { plannedReport } from '../plan/preview.js';
import type { RedisClient } from '../redis/connection.js';
import { safetyCall } from '../redis/redis-call.js';
import { accountVerdict } from '../safety/account-guard.js';
import { type ArmedDecision, decideDryRun } from '../safety/armed.js';
import { effectiveCaps } from '../safety/caps.js';
import { buildGuards, type Guards } from '../safety/chain.js';
import type { RunContext } from '../safety/guard.js';
import { isGuardName } from '../safety/guard-name.js';
import { type Refusal, type RefusalSink, refuse, unactedReport } from '../safety/refuse.js';
import { type HeldLease, takeRunLease } from '../safety/run-lease-guard.js';
import type { Monkey } from './monkey.js';
import { parseMonkeyParams } from './params.js';
import { newRunId } from './run-id.js';
import type { RunAccount, RunDeps, RunRequest } from './run-request.js';

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

/**
 * The one pipeline, read top to bottom: resolve → observe and plan → guard → act → record. Each step of the guard
 * chain (core/safety/chain.ts) that says no ends the run through one refuse(): bad input throws InputError before
 * anything is done; a refusal is a report with `refused` (exit 3), never an exception, so callers can print what
 * was planned.
 */
export async function runGivenMonkey(
  monkey: Monkey<unknown, unknown>,
  request: RunRequest,
  deps: RunDeps,
): Promise<RunReport> {
  const resolved = resolve(monkey, request, deps);
  const { armed } = resolved;
  // Decided before any AWS call: a run the config does not allow is refused at once, whatever AWS would say.
  if (armed.refused) {
    const nothing = nothingPlanned(monkey.name, request.region);
    return refuse(unactedReport(nothing, true), armed.refused, refusalSink(resolved, deps));
  }
  const { run, account } = await runContextOf(resolved, request, deps);
  // The account is judged before anything is read in it: the credentials may be another account's.
  const accountStop = accountVerdict(run);
  if (!accountStop.allow) {
    const nothing = nothingPlanned(monkey.name, request.region);
    return refuse(unactedReport(nothing, run.dryRun), accountStop, refusalSink(resolved, deps, run));
  }
  const plan = await planOf(resolved, run, account, request, deps);
  if (plan.refused) {
    const refused = planRefusal(monkey.name, plan.refused);
    return refuse(unactedReport(plan, run.dryRun), refused, refusalSink(resolved, deps, run));
  }
  if (monkey.kind === 'report') return reportRun(plan, run, deps, resolved.logger);
  const guarded = await guard(plan, run, resolved, deps);
  if ('refused' in guarded) {
    return refuse(unactedReport(plan, run.dryRun), guarded.refused, refusalSink(resolved, deps, run));
  }
  return act(plan, run, account, guarded, request, resolved, deps);
}

/** What a run is, decided before anything is read: the monkey, its params, the run id and armed or dry run. */
interface Resolved {
  readonly monkey: Monkey<unknown, unknown>;
  readonly params: unknown;
  readonly now: Date;
  readonly runId: string;
  readonly region: string;
  readonly logger: Logger;
  readonly armed: ArmedDecision;
}

function resolve(monkey: Monkey<unknown, unknown>, request: RunRequest, deps: RunDeps): Resolved {
  const params = parseMonkeyParams(monkey.name, monkey.params, { ...request.entry?.params, ...request.params });
  const now = deps.clock.now();
  const runId = request.runId ?? newRunId(monkey.name, now);
  const logger = deps.logger.child({ monkey: monkey.name, runId, region: request.region });
  // A report monkey never acts: it is a dry run whatever was asked, and needs no arming.
  const armed: ArmedDecision =
    monkey.kind === 'report'
      ? { dryRun: true, reason: 'report run: findings only, nothing is ever changed' }
      : decideDryRun({
          configArmed: deps.config.armed,
          flagDryRun: request.flagDryRun,
          scheduleArmed: request.manual ? undefined : request.entry?.armed,
        });
  logger.info({ dryRun: armed.dryRun }, armed.reason);
  return { monkey, params, now, runId, region: request.region, logger, armed };
}

/** The run as every guard sees it, with the account of the credentials (asked of STS, not taken from config). */
async function runContextOf(
  resolved: Resolved,
  request: RunRequest,
  deps: RunDeps,
): Promise<{ run: RunContext; account: RunAccount }> {
  const { monkey } = resolved;
  const entry = request.entry;
  const account = await accountOf(deps, request.region);
  const optInRules = entry ? optInRulesFrom(entry, entry.file, entry.excludeLines) : undefined;
  const run: RunContext = {
    runId: resolved.runId,
    monkey: monkey.name,
    kind: monkey.kind,
    dryRun: resolved.armed.dryRun,
    account,
    region: request.region,
    config: deps.config,
    ...(entry && !request.manual ? { entry } : {}),
    caps: effectiveCaps(deps.config.caps, monkey.defaultCaps, entry?.caps),
    ...(optInRules ? { optInRules } : {}),
  };
  return { run, account };
}

/** Reads (through the read-only client) and asks the monkey for its plan: pure, nothing is changed. */
async function planOf(
  resolved: Resolved,
  run: RunContext,
  account: RunAccount,
  request: RunRequest,
  deps: RunDeps,
): Promise<Plan> {
  const { monkey, params } = resolved;
  const target = {
    region: request.region,
    account: account.id,
    ...(account.roleArn ? { roleArn: account.roleArn } : {}),
  };
  const { observed, snapshot } = await observe(monkey, params, request, deps, target, resolved.now);
  const where = { account: account.id, region: request.region };
  return monkey.plan({
    snapshot,
    params,
    optIn: (group) => decideOptIn(group, monkey, run.optInRules, where, deps.config.tags.prefix),
    random: deps.random ?? Math.random,
    now: resolved.now,
    observed,
    config: deps.config,
    tags: deps.config.tags,
  });
}

/** What the actuator gets once the start of the chain said yes: the guards, where reverts go, the run's lease. */
interface Guarded {
  readonly guards: Guards;
  readonly reverts: RevertRegistry | null;
  readonly lease?: HeldLease;
}

/**
 * The start of the chain after the plan: `redis` (an armed run needs it), the person's confirmation, then
 * `concurrent-run` (one armed run at a time per target; its lease guard then goes first before every action).
 */
async function guard(
  plan: Plan,
  run: RunContext,
  resolved: Resolved,
  deps: RunDeps,
): Promise<Guarded | { readonly refused: Refusal }> {
  const unreachable = await redisProblem(deps.redis);
  if (unreachable && !run.dryRun) {
    const reason = `an armed run needs Redis for the kill switch, caps, tracker and reverts: ${unreachable}`;
    return { refused: { guard: 'redis', reason } };
  }
  const reader = deps.clients.readOnly();
  const redis = unreachable ? null : deps.redis;
  if (!redis) {
    // A dry run without Redis still plans: only the run guards that need no Redis are asked.
    resolved.logger.warn(
      `Redis unreachable (${unreachable}): dry run without the kill switch, caps and tracker checks`,
    );
    const runOnly = buildGuards({ ...deps, clients: reader, redis: null }, { kind: run.kind });
    return { guards: { run: runOnly.run, action: [] }, reverts: null };
  }
  const guards = buildGuards({ ...deps, clients: reader, redis }, { kind: run.kind });
  const reverts = new RevertRegistry(redis, {
    prefix: deps.config.redis.prefix,
    onRegistered: deps.onRevertRegistered,
  });
  if (!run.dryRun && deps.confirm && plan.actions.length > 0) {
    const preview = plannedReport(plan, run.dryRun);
    if (!(await deps.confirm(preview))) throw new InputError('the confirmation did not match: nothing was done');
  }
  if (run.dryRun || plan.actions.length === 0) return { guards, reverts };
  const answer = await takeRunLease(redis, plan, run);
  if (!answer.ok) return { refused: { guard: 'concurrent-run', reason: answer.reason } };
  const lease = answer.held;
  return { guards: { ...guards, action: [lease.guard, ...guards.action] }, reverts, lease };
}

/** The actuator carries out the plan behind the run and action guards, then the lease is let go. */
async function act(
  plan: Plan,
  run: RunContext,
  account: RunAccount,
  { guards, reverts, lease }: Guarded,
  request: RunRequest,
  resolved: Resolved,
  deps: RunDeps,
): Promise<RunReport> {
  try {
    const report = await executePlan(plan, run, {
      clients: deps.clients,
      guards,
      events: deps.events,
      reverts,
      pacer: deps.pacer ?? new TokenBucketPacer(),
      logger: resolved.logger,
      clock: deps.clock,
      ...(account.roleArn ? { roleArn: account.roleArn } : {}),
      verifyPermissions: request.verifyPermissions,
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      ...(deps.alerts ? { alerts: deps.alerts } : {}),
      ...(deps.maxBatchSize ? { maxBatchSize: deps.maxBatchSize } : {}),
      ...(reverts && deps.redis ? { commands: redisCommandLog(deps.redis, deps.config.redis.prefix, run.runId) } : {}),
      redis: reverts ? deps.redis : null,
    });
    // A janitor run's findings (its notices, what it reports instead of deleting) travel with its report.
    return plan.findings && !report.refused ? { ...report, findings: [...plan.findings] } : report;
  } finally {
    await lease?.release();
  }
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

/** Where this run's refusal is recorded: its timeline, labelled with the run (and its account once known). */
function refusalSink(resolved: Resolved, deps: RunDeps, run?: RunContext): RefusalSink {
  const origin = {
    monkey: resolved.monkey.name,
    dryRun: resolved.armed.dryRun,
    runId: resolved.runId,
    region: resolved.region,
    ...(run ? { account: run.account.id } : {}),
  };
  return { events: deps.events, logger: resolved.logger, origin };
}

/** A run refused before it planned: its report names the region and nothing else. */
function nothingPlanned(monkey: MonkeyName, region: string): Plan {
  return { monkey, target: { region }, actions: [], skipped: [] };
}

/** A monkey's own refusal (Kong's `kong-health`): its guard must be a known name, like every other refusal's. */
function planRefusal(monkey: string, { guard: name, reason }: NonNullable<Plan['refused']>): Refusal {
  if (!isGuardName(name)) throw new Error(`${monkey} refused its run by an unknown guard ${name}: ${reason}`);
  return { guard: name, reason };
}

/** A run as its monkey declares it: through its own runner (Janitor's notices) or one pass of the pipeline. */
export function runAsDeclared(
  monkey: Monkey<unknown, unknown>,
  request: RunRequest,
  deps: RunDeps,
): Promise<RunReport> {
  const pass = (passRequest: RunRequest, passDeps: RunDeps) => runGivenMonkey(monkey, passRequest, passDeps);
  return monkey.runner ? monkey.runner(pass, request, deps) : pass(request, deps);
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
