import type { EffectContext } from '../../../core/actuator/effect.js';
import { actionEvent } from '../../../core/events/action-event.js';
import { recordSafely } from '../../../core/events/record-safely.js';
import type { Action } from '../../../core/plan/action.js';
import { writeDeletion } from './janitor-deleted.js';
import { deleteParams } from './janitor-params.js';
import type { Remember } from './janitor-remember.js';

/** The timeline's entry for a deletion's saved configuration (what `simian janitor restore` can bring back). */
export const JANITOR_DELETED_EVENT = 'JanitorDeleted';

/**
 * Reads what restore needs (a volume's backup is taken here) and writes it to the Janitor's record of deletions,
 * then to the timeline, all before the delete call: without the record (no Redis, a failed write) nothing is deleted.
 */
export async function rememberBeforeDeleting(remember: Remember, action: Action, ctx: EffectContext): Promise<void> {
  const store = ctx.records;
  if (!store) throw new Error("the Janitor's record of deletions (Redis) is not available: nothing is deleted");
  const params = deleteParams.parse(action.params);
  const config = await remember(action, ctx);
  const deletedAt = new Date().toISOString();
  await writeDeletion(store, {
    account: action.account,
    region: action.region,
    resource: action.resource,
    resourceType: params.resourceType,
    rule: params.rule,
    owner: action.owner ?? null,
    deletedAt,
    ...(ctx.runId ? { runId: ctx.runId } : {}),
    config,
  });
  if (!ctx.events) return;
  const origin = {
    monkey: 'janitor',
    dryRun: false,
    runId: ctx.runId ?? 'unknown',
    account: action.account,
    region: action.region,
  };
  const backup = config.type === 'volume' && config.backup ? ` (backup ${config.backup.snapshotId})` : '';
  await recordSafely(
    ctx.events,
    ctx.logger,
    actionEvent(
      JANITOR_DELETED_EVENT,
      action,
      origin,
      `janitor saved ${action.resource}'s configuration before deleting it${backup}`,
      { resourceType: params.resourceType, rule: params.rule, deletedAt, config },
    ),
  );
}
