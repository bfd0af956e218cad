import type { Logger } from 'pino';
import { errorMessage } from '../aws/aws-error.js';
import type { AwsClients } from '../aws/clients.js';
import { actingAs } from '../aws/session-tags.js';
import type { Clock } from '../clock.js';
import { InputError } from '../errors.js';
import { actionEvent, type EventOrigin, runEvent, skipEvent } from '../events/action-event.js';
import { EVENT_TYPES, type EventSink, type SimianEvent } from '../events/event.js';
import { recordSafely } from '../events/record-safely.js';
import type { AlertSender } from '../notify/alert.js';
import type { Action, ActionResult, PermissionCheck, Plan, RunReport } from '../plan/action.js';
import type { RedisClient } from '../redis/connection.js';
import { type ActionGuard, type RunContext, type RunGuard, skip } from '../safety/guard.js';
import { refuse } from '../safety/refuse.js';
import { type Applier, actionResult, armedApplier, recordingApplier } from './appliers.js';
import { chunk } from './batch.js';
import type { CommandLog } from './command-log.js';
import type { Effect, EffectContext } from './effect.js';
import { paramsProblem } from './effect-params.js';
import { checkActionGuards, checkRunGuards, RECHECKED_BEFORE_EACH_BATCH, type Stop } from './guard-checks.js';
import type { Pacer } from './pacer.js';
import { actTimeOptIn, checkReach } from './reach.js';
import { getEffect } from './registry.js';
import type { RevertRegistry } from './revert-registry.js';

/** Everything the executor talks to, built once at the entry point (CLI, worker, demo). */
export interface ExecuteDeps {
  readonly clients: AwsClients;
  readonly guards: {
    readonly run: readonly RunGuard[];
    readonly action: readonly ActionGuard[];
    /** Batched fresh read of what a batch touches, before its action guards (see Guards.prefetch). */
    readonly prefetch?: (actions: readonly Action[], run: RunContext) => Promise<void>;
  };
  readonly events: EventSink;
  /** Where reverts are registered before a reversible fault is applied; null = reversible kinds are not applied. */
  readonly reverts: RevertRegistry | null;
  readonly pacer: Pacer;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The account's role, when simian assumes one. */
  readonly roleArn?: string;
  /**
   * Armed runs: when the action guards of a batch took longer than this since its fresh read, the batch is read
   * once more and its opt-in re-checked right before the mutating call (default 5,000 ms; 0: always).
   */
  readonly recheckAfterMs?: number;
  /** Dry run only: ask each effect's permission check (EC2 DryRun) once per kind and region. */
  readonly verifyPermissions?: boolean;
  /** Handed to the effects that tell people (notify-owner). */
  readonly alerts?: AlertSender;
  /** Armed runs: the run's record of host commands sent, so a retried job sends none of them again. */
  readonly commands?: CommandLog;
  /** Where effects keep simian's own records (Doctor's quarantines); absent or null: no Redis. */
  readonly redis?: RedisClient | null;
  /**
   * Tests only: at most this many actions per batch, below each effect's own batch size, so that a test shows how
   * calls scale per batch with tens of instances instead of thousands. Absent: each effect's batch size.
   */
  readonly maxBatchSize?: number;
  onProgress?(done: number, total: number, result: ActionResult): void;
}

/** A batch to apply: actions of one effect, account and region, at most the effect's batch size. */
interface Batch {
  readonly effect: Effect;
  readonly actions: readonly Action[];
}

/**
 * Carries out a plan, top to bottom: record the plan → run guards (a refusal spares everything) → per batch, the
 * action guards of each action, the kill switch once more, then the applier (recording in a dry run, AWS when armed)
 * → every outcome on the timeline and in the report. Nothing is ever applied when a check cannot be evaluated.
 */
export async function executePlan(plan: Plan, run: RunContext, deps: ExecuteDeps): Promise<RunReport> {
  const origin: EventOrigin = {
    monkey: plan.monkey,
    dryRun: run.dryRun,
    runId: run.runId,
    account: run.account.id,
    region: run.region,
  };
  const report = emptyReport(plan, run);
  const record = (event: SimianEvent) => recordSafely(deps.events, deps.logger, event);
  const batches = batchesOf(plan.actions, deps.maxBatchSize); // an unknown kind or a bad param fails here, before anything is recorded or done
  const ctx: EffectContext = {
    // The monkey's session tag (simian-monkey=<name>): the IAM policy lets each monkey act only on what opted in to it.
    clients: deps.clients.as(actingAs(plan.monkey)),
    logger: deps.logger,
    ...(deps.roleArn ? { roleArn: deps.roleArn } : {}),
    optIn: actTimeOptIn(run),
    ...(deps.alerts ? { alerts: deps.alerts } : {}),
    ...(deps.commands && !run.dryRun ? { commands: deps.commands } : {}),
    ...(deps.redis ? { records: { redis: deps.redis, prefix: run.config.redis.prefix } } : {}),
    runId: run.runId,
    events: deps.events,
  };
  const applier: Applier = run.dryRun ? recordingApplier : armedApplier({ ...deps, origin });
  let done = 0;

  await record(planEvent(plan, run, origin));
  for (const skip of plan.skipped) {
    report.skipped.push(skip);
    await record(skipEvent(skip, origin));
  }

  const spare = async (actions: readonly Action[], stop: Stop) => {
    for (const action of actions) {
      const skip = {
        resource: action.resource,
        group: action.group,
        guard: stop.guard,
        reason: stop.reason,
        region: action.region,
        zone: action.zone,
      };
      report.skipped.push(skip);
      await record(skipEvent(skip, origin, action.kind));
    }
  };
  // The first refusal stops the run: every action not yet applied is spared with it.
  let refused: Stop | undefined;
  const stopRun = async (stop: Stop) => {
    refused = { ...stop, scope: 'run' };
    deps.logger.warn({ guard: stop.guard, runId: run.runId }, `run refused: ${stop.reason}`);
    await refuse(report, stop, { events: deps.events, logger: deps.logger, origin }, { actionsDone: done });
  };

  const noted = new Set<string>();
  const onNote = (guard: string, note: string) => {
    if (noted.has(`${guard}\n${note}`)) return; // once per run, not once per action
    noted.add(`${guard}\n${note}`);
    deps.logger.warn({ guard, runId: run.runId }, `${guard}: ${note}`);
    // The report says it too: a person's dry run must not pass the calendar silently at the default log level.
    report.notes = [...(report.notes ?? []), `${guard}: ${note}`];
  };

  const runStop = await checkRunGuards(deps.guards.run, run, onNote);
  if (runStop) await stopRun(runStop);

  for (const batch of batches) {
    if (refused) {
      await spare(batch.actions, refused);
      continue;
    }
    await deps.guards.prefetch?.(batch.actions, run);
    // Read when the last page arrived: what follows (guards waiting on Redis, the pacer) is what ages it.
    const readAt = performance.now();
    let allowed: Action[] = [];
    for (const [index, action] of batch.actions.entries()) {
      const stop = await checkActionGuards(deps.guards.action, action, run, onNote);
      if (!stop) allowed.push(action);
      else if (stop.scope === 'action') await spare([action], stop);
      else {
        await stopRun(stop);
        await spare([...allowed, ...batch.actions.slice(index)], stop);
        break;
      }
    }
    if (refused || allowed.length === 0) continue;
    if (!run.dryRun && deps.guards.prefetch && performance.now() - readAt > (deps.recheckAfterMs ?? 5000)) {
      // The guards took long: what the batch touches is read again, so the last look is right before the call.
      allowed = await recheckOptIn(allowed, run, deps, spare);
      if (allowed.length === 0) continue;
    }
    // Reach: what the batch would hit besides its resources, read right before the mutating call (dry run too).
    const { reached, spared } = await checkReach(batch.effect, allowed, ctx);
    for (const { action, reason } of spared) {
      await spare([action], skip('reach', reason));
    }
    if (reached.length === 0) continue;
    if (!run.dryRun) {
      const recheck = deps.guards.action.filter((guard) => RECHECKED_BEFORE_EACH_BATCH.has(guard.name));
      const stop = await checkActionGuards(recheck, reached[0] as Action, run);
      if (stop) {
        await stopRun(stop);
        await spare(reached, stop);
        continue;
      }
    }
    if (run.dryRun && deps.verifyPermissions) await verifyPermissions(batch.effect, reached, ctx, report);
    const results = await applyOrFail(applier, batch.effect, reached, ctx);
    // The batch's events sent together, in order (one Redis round trip for 1,000 marks instead of 1,000).
    await Promise.all(results.map((result) => record(resultEvent(result, batch.effect, origin, run))));
    for (const result of results) {
      report.actions.push(result);
      done += 1;
      deps.onProgress?.(done, plan.actions.length, result);
    }
  }
  report.summary = summarize(report);
  return report;
}

/** Reads a batch afresh and keeps the actions whose opt-in still holds; the others are spared with the reason. */
async function recheckOptIn(
  actions: readonly Action[],
  run: RunContext,
  deps: ExecuteDeps,
  spare: (actions: readonly Action[], stop: Stop) => Promise<void>,
): Promise<Action[]> {
  await deps.guards.prefetch?.(actions, run);
  const optIn = deps.guards.action.filter((guard) => guard.name === 'opt-in');
  const kept: Action[] = [];
  for (const action of actions) {
    const stop = await checkActionGuards(optIn, action, run);
    if (stop) await spare([action], { ...stop, scope: 'action' });
    else kept.push(action);
  }
  return kept;
}

/** A batch the applier could not even start (e.g. the shared pacer's Redis is down) fails whole, unapplied. */
async function applyOrFail(applier: Applier, effect: Effect, actions: readonly Action[], ctx: EffectContext) {
  try {
    return await applier.apply(effect, actions, ctx);
  } catch (error) {
    return actions.map((action) => actionResult(action, 'failed', `not applied: ${errorMessage(error)}`));
  }
}

/**
 * Groups actions by kind, account and region (first appearance first), then chunks each to the effect's batch size.
 * An unknown kind, or params that do not fit the kind's schema, is bad input (InputError) before anything happens.
 */
function batchesOf(actions: readonly Action[], maxBatchSize = Number.POSITIVE_INFINITY): Batch[] {
  const groups = new Map<string, Action[]>();
  for (const action of actions) {
    const key = `${action.kind}|${action.account}|${action.region}`;
    const group = groups.get(key) ?? [];
    group.push(action);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap((group) => {
    const effect = getEffect((group[0] as Action).kind);
    for (const action of group) {
      const problem = paramsProblem(effect, action.params);
      if (problem) throw new InputError(`bad params for ${effect.kind} ${action.resource}: ${problem}`);
    }
    return chunk(byGroup(group), Math.min(effect.batchSize, maxBatchSize)).map((slice) => ({ effect, actions: slice }));
  });
}

/**
 * The actions with each group's together, groups in the order they first appear: a batch then spans as few groups
 * (and their instances as few reservations) as it can, so its fresh re-read takes the fewest pages.
 */
function byGroup(actions: readonly Action[]): Action[] {
  const groups = new Map<string | null, Action[]>();
  for (const action of actions) {
    const same = groups.get(action.group) ?? [];
    same.push(action);
    groups.set(action.group, same);
  }
  return [...groups.values()].flat();
}

async function verifyPermissions(effect: Effect, actions: readonly Action[], ctx: EffectContext, report: RunReport) {
  const region = (actions[0] as Action).region;
  report.permissions ??= [];
  if (report.permissions.some((check) => check.kind === effect.kind && check.region === region)) return;
  const check: PermissionCheck = effect.verify
    ? {
        kind: effect.kind,
        region,
        ...(await effect.verify(actions, ctx).catch((error: unknown) => ({ allowed: false, detail: String(error) }))),
      }
    : { kind: effect.kind, region, allowed: null, detail: 'this action kind has no permission check' };
  report.permissions.push(check);
}

function emptyReport(plan: Plan, run: RunContext): RunReport {
  return {
    monkey: plan.monkey,
    dryRun: run.dryRun,
    target: { ...plan.target },
    actions: [],
    skipped: [],
    summary: { planned: 0, done: 0, failed: 0, skipped: 0 },
  };
}

export function summarize(report: RunReport): RunReport['summary'] {
  const count = (status: ActionResult['status']) => report.actions.filter((action) => action.status === status).length;
  return { planned: count('planned'), done: count('done'), failed: count('failed'), skipped: report.skipped.length };
}

function planEvent(plan: Plan, run: RunContext, origin: EventOrigin): SimianEvent {
  const target = Object.entries(plan.target)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  const mode = run.dryRun ? 'dry run' : 'armed';
  return {
    ...runEvent(
      EVENT_TYPES.plan,
      origin,
      `${plan.monkey} (${mode}${target ? `, ${target}` : ''}) plans ${plan.actions.length} action(s), spares ${plan.skipped.length}`,
    ),
    target: plan.target,
    actionCount: plan.actions.length,
    skippedCount: plan.skipped.length,
  };
}

function resultEvent(result: ActionResult, effect: Effect, origin: EventOrigin, run: RunContext): SimianEvent {
  const type = result.status === 'failed' ? EVENT_TYPES.failure : EVENT_TYPES.action;
  const verb = result.status === 'planned' ? 'would' : result.status === 'failed' ? 'failed to' : 'did';
  const desc = `${verb} ${effect.kind} ${result.resource}${result.reason ? ` (${result.reason})` : ''}`;
  return actionEvent(type, { ...result, account: run.account.id }, origin, desc, {
    status: result.status,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.revertAt ? { revertAt: result.revertAt } : {}),
    ...(result.details ? { details: result.details } : {}),
  });
}
