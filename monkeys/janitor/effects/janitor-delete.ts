import type {
  Effect,
  EffectContext,
  EffectOutcome,
  ReachVerdicts,
  RecordStore,
} from '../../../core/actuator/effect.js';
import { applyEach } from '../../../core/actuator/effects/each-action.js';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import type { Action } from '../../../core/plan/action.js';
import { janitorRecheck } from '../recheck.js';
import { readDeletions, retainedBackupReason } from './janitor-deleted.js';
import { rememberBeforeDeleting } from './janitor-deletion-log.js';
import { deleteParams } from './janitor-params.js';
import { clearMarkRecords, readMarkRecordsOf } from './janitor-record.js';
import type { Remember } from './janitor-remember.js';

export interface JanitorDeleteSpec {
  readonly kind: string;
  readonly description: string;
  readonly permissions: readonly string[];
  readonly pacing: string;
  /** AWS error codes that mean the resource is already gone: the deletion is then done (`already`). */
  readonly goneCodes: readonly string[];
  deleteOne(action: Action, ctx: EffectContext): Promise<void>;
  /**
   * What restore needs, read right before the deletion and written to the Janitor's record of deletions (and the
   * timeline) before the delete call: a deletion whose record cannot be written does not happen. Absent: the type
   * cannot be restored.
   */
  readonly remember?: Remember;
}

export { targetOf } from './janitor-target.js';

/**
 * Why the Janitor's own record does not back this deletion (null: it does): the record must still hold the mark the
 * plan decided from — rule, dates, the notice and whom it told — whatever the tags say.
 */
function recordProblem(action: Action, record: Awaited<ReturnType<typeof readMarkRecordsOf>>): string | null {
  const params = deleteParams.parse(action.params);
  const entry = record.get(action.resource);
  if (!entry) return `${action.resource} is not in the Janitor's record of its marks (its tags alone prove nothing)`;
  const same =
    entry.rule === params.rule &&
    entry.markedAt === params.markedAt &&
    entry.deleteAfter === params.deleteAfter &&
    entry.notifiedAt === params.notifiedAt &&
    entry.notifiedOwner === params.notifiedOwner;
  return same ? null : `the Janitor's record of ${action.resource} changed since the plan`;
}

/**
 * Snapshots the Janitor's record of deletions keeps as a deleted volume's backup, still retained at the plan's time:
 * in use as a backup, whatever their tags say (a removed retain-until tag does not free one).
 */
async function retainedBackups(actions: readonly Action[], store: RecordStore): Promise<Map<string, string>> {
  const snapshots = actions.filter((action) => deleteParams.parse(action.params).resourceType === 'snapshot');
  const first = snapshots[0];
  if (!first) return new Map();
  const deletions = await readDeletions(store, first);
  const kept = new Map<string, string>();
  for (const action of snapshots) {
    const reason = retainedBackupReason(
      deletions,
      action.resource,
      new Date(deleteParams.parse(action.params).plannedAt),
    );
    if (reason) kept.set(action.resource, reason);
  }
  return kept;
}

/**
 * The action-time check of a batch: first the Janitor's record (one Redis read; without a record store nothing is
 * deleted) and, for snapshots, its record of retained backups, then, for what it backs, the fresh AWS read of janitorRecheck.
 */
export async function checkDeletions(actions: readonly Action[], ctx: EffectContext): Promise<ReachVerdicts> {
  const first = actions[0];
  if (!first) return new Map();
  const store = ctx.records;
  if (!store) {
    const reason = "the Janitor's record (Redis) is not available to this run: nothing is deleted";
    return new Map(actions.map((action) => [action.resource, reason]));
  }
  const record = await readMarkRecordsOf(
    store,
    first,
    actions.map((action) => action.resource),
  );
  const verdicts = new Map<string, string>();
  for (const action of actions) {
    const problem = recordProblem(action, record);
    if (problem) verdicts.set(action.resource, problem);
  }
  for (const [resource, reason] of await retainedBackups(actions, store)) verdicts.set(resource, reason);
  const backed = actions.filter((action) => !verdicts.has(action.resource));
  for (const [resource, reason] of await janitorRecheck(backed, ctx)) verdicts.set(resource, reason);
  return verdicts;
}

/** Clears the Janitor's record of what a batch deleted (a record left behind only names a resource now gone). */
export async function forgetDeleted(
  actions: readonly Action[],
  outcomes: readonly EffectOutcome[],
  ctx: EffectContext,
): Promise<void> {
  const first = actions[0];
  const gone = outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.resource);
  if (!ctx.records || !first || gone.length === 0) return;
  await clearMarkRecords(ctx.records, first, gone).catch((error: unknown) =>
    ctx.logger.warn({ error }, "janitor deletion: the Janitor's record could not be cleared"),
  );
}

/**
 * A Janitor deletion: irreversible (no revert), idempotent (already gone = done, `already`), counted by the caps
 * (maxPerRun holds at action time), and checked right before the call against the Janitor's record and a fresh read
 * of every referencing type (the reach check): a resource that gained a use, lost its mark, was opted out or is not
 * marked in the record as planned is spared. The delete APIs take one resource a call; a batch shares one fresh
 * read. A deleted resource leaves the record.
 */
export function janitorDeleteEffect(spec: JanitorDeleteSpec): Effect {
  return {
    kind: spec.kind,
    description: spec.description,
    permissions: spec.permissions,
    batchSize: 50,
    pacing: spec.pacing,
    capped: 'instance',
    paramsSchema: deleteParams,
    reach: checkDeletions,
    async apply(actions, ctx) {
      const outcomes = await applyEach(actions, async (action) => {
        try {
          if (spec.remember) await rememberBeforeDeleting(spec.remember, action, ctx);
          await spec.deleteOne(action, ctx);
          return { resource: action.resource, ok: true };
        } catch (error) {
          if (hasErrorCode(error, spec.goneCodes)) return { resource: action.resource, ok: true, already: true };
          throw error;
        }
      });
      await forgetDeleted(actions, outcomes, ctx);
      return outcomes;
    },
  };
}
