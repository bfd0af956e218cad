import { executePlan } from '../../core/actuator/execute.js';
import { TokenBucketPacer } from '../../core/actuator/pacer.js';
import { accountOf } from '../../core/aws/real-account.js';
import { InputError } from '../../core/errors.js';
import { EVENT_TYPES } from '../../core/events/event.js';
import { recordSafely } from '../../core/events/record-safely.js';
import type { Action, Plan, RunReport } from '../../core/plan/action.js';
import { plannedReport } from '../../core/plan/preview.js';
import { safetyCall } from '../../core/redis/redis-call.js';
import { newRunId } from '../../core/run/run-id.js';
import type { RunDeps } from '../../core/run/run-request.js';
import { accountGuard } from '../../core/safety/account-guard.js';
import { decideDryRun } from '../../core/safety/armed.js';
import { effectiveCaps } from '../../core/safety/caps.js';
import type { RunContext } from '../../core/safety/guard.js';
import { KillSwitch, killSwitchGuard } from '../../core/safety/kill-switch.js';
import { regionGuard } from '../../core/safety/region-guard.js';
import { type JanitorDeletion, readDeletion } from './effects/janitor-deleted.js';
import { finalDeletion, restoreKindOf, restoreLimits } from './restore-limits.js';

export interface RestoreRequest {
  /** The id the Janitor deleted (a volume id, an AMI id, a group's name, a balancer's ARN or name). */
  readonly resource: string;
  readonly region: string;
  /** true unless the command line said --no-dry-run. */
  readonly flagDryRun: boolean;
  readonly runId?: string;
}

function refusedReport(region: string, resource: string, dryRun: boolean, refused: RunReport['refused']): RunReport {
  return {
    monkey: 'janitor',
    dryRun,
    target: { region, resource },
    actions: [],
    skipped: [],
    summary: { planned: 0, done: 0, failed: 0, skipped: 0 },
    ...(refused ? { refused } : {}),
  };
}

/** The one action of a restore: what it brings back, and exactly what it cannot, for the report. */
function restoreAction(deletion: JanitorDeletion): Action {
  const kind = restoreKindOf(deletion);
  const { restores, cannot } = restoreLimits(deletion);
  return {
    kind,
    resource: deletion.resource,
    group: null,
    account: deletion.account,
    region: deletion.region,
    zone: deletion.config.type === 'volume' ? deletion.config.availabilityZone : null,
    params: { resourceType: deletion.resourceType },
    details: { deletedAt: deletion.deletedAt, rule: deletion.rule, restores, cannot },
  };
}

/**
 * `simian janitor restore <id>`: finds what the Janitor deleted under that id in its own record (never from tags),
 * and restores it through the actuator. Dry run by default; armed needs the config armed AND --no-dry-run, and (a
 * person at the keyboard) the id typed back. The kill switch stops it as it stops every action. An id the record
 * does not hold is bad input (exit 2); one that cannot come back (a volume deleted without a backup) says why.
 */
export async function runRestore(request: RestoreRequest, deps: RunDeps): Promise<RunReport> {
  const { resource, region } = request;
  const runId = request.runId ?? newRunId('janitor', deps.clock.now());
  const logger = deps.logger.child({ monkey: 'janitor', runId, region, restore: resource });
  const armed = decideDryRun({ configArmed: deps.config.armed, flagDryRun: request.flagDryRun });
  if (armed.refused) return refusedReport(region, resource, true, armed.refused);
  const final = finalDeletion(resource);
  if (final) throw new InputError(`${resource}: ${final}`);

  const redis = deps.redis;
  const reachable =
    redis &&
    (await safetyCall(redis, (connection) => connection.ping(), 2000).then(
      () => true,
      () => false,
    ));
  if (!redis || !reachable) {
    throw new Error("the Janitor's record of deletions (Redis) cannot be read: nothing can be restored without it");
  }
  const account = await accountOf(deps, region);
  const store = { redis, prefix: deps.config.redis.prefix };
  const deletion = await readDeletion(store, { account: account.id, region }, resource);
  if (!deletion) {
    throw new InputError(
      `the Janitor never deleted ${resource} in account ${account.id}, region ${region} (its record holds no such deletion): nothing to restore`,
    );
  }
  if (deletion.config.type === 'volume' && !deletion.config.backup) {
    throw new InputError(
      `${resource} was deleted without a backup snapshot (snapshotBeforeDelete: false): its data cannot be restored`,
    );
  }

  const plan: Plan = {
    monkey: 'janitor',
    target: { region, resource },
    actions: [restoreAction(deletion)],
    skipped: [],
  };
  const run: RunContext = {
    runId,
    monkey: 'janitor',
    kind: 'janitor',
    dryRun: armed.dryRun,
    account,
    region,
    config: deps.config,
    caps: effectiveCaps(deps.config.caps),
  };
  if (!run.dryRun && deps.confirm && !(await deps.confirm(plannedReport(plan, false)))) {
    throw new InputError('the confirmation did not match: nothing was done');
  }
  const killSwitch = new KillSwitch({
    redis,
    prefix: deps.config.redis.prefix,
    events: deps.events,
    clock: deps.clock,
  });
  const report = await executePlan(plan, run, {
    clients: deps.clients,
    guards: { run: [accountGuard, regionGuard], action: [killSwitchGuard(() => killSwitch)] },
    events: deps.events,
    reverts: null,
    pacer: deps.pacer ?? new TokenBucketPacer(),
    logger,
    clock: deps.clock,
    ...(account.roleArn ? { roleArn: account.roleArn } : {}),
    redis,
  });
  if (run.dryRun) return report;
  // What AWS gave back, from the record the effect wrote: the report names the new id.
  const after = await readDeletion(store, { account: account.id, region }, resource);
  const newId = after?.restored?.id;
  if (newId) {
    await recordSafely(deps.events, logger, {
      type: EVENT_TYPES.action,
      desc: `janitor restored ${resource} as ${newId}`,
      monkey: 'janitor',
      dryRun: false,
      resource,
      group: null,
      region,
      zone: null,
      account: account.id,
      runId,
      restoredAs: newId,
    });
  }
  return {
    ...report,
    actions: report.actions.map((result) =>
      result.resource === resource && result.status === 'done' && newId
        ? { ...result, details: { ...result.details, restoredAs: newId } }
        : result,
    ),
  };
}
