import { z } from 'zod';
import type { Effect, EffectContext, RecordStore } from '../../../core/actuator/effect.js';
import { applyEach } from '../../../core/actuator/effects/each-action.js';
import { RESTORED_TAG } from '../../../core/actuator/effects/restored-tag.js';
import type { Action } from '../../../core/plan/action.js';
import { LIFECYCLE_TAGS } from '../tags.js';
import {
  type ConfigOf,
  type JanitorDeletion,
  type RestorableConfig,
  readDeletion,
  writeDeletion,
} from './janitor-deleted.js';

/** On what a restore created: the id of the deleted resource it brings back. */
export const RESTORED_FROM_TAG = 'simian:janitor:restored-from';

/** A restore action names only the type: what to create comes from the Janitor's record, read at action time. */
export const restoreParams = z.strictObject({ resourceType: z.string().min(1) });

export interface JanitorRestoreSpec<T extends RestorableConfig['type']> {
  readonly kind: string;
  readonly type: T;
  readonly description: string;
  readonly permissions: readonly string[];
  readonly pacing: string;
  /** Creates the resource again from its record; answers the id AWS gave it (a volume's or image's is new). */
  restoreOne(deletion: JanitorDeletion, config: ConfigOf<T>, ctx: EffectContext): Promise<string>;
}

/**
 * The tags a restored resource carries: its own as they were, without the Janitor's lifecycle (a restored resource
 * is not marked: its clock starts again) nor AWS's reserved ones, plus where it came from.
 */
export function restoredTags(tags: Readonly<Record<string, string>>, from: string): Record<string, string> {
  const lifecycle: readonly string[] = LIFECYCLE_TAGS;
  const kept = Object.entries(tags).filter(([key]) => !lifecycle.includes(key) && !key.startsWith('aws:'));
  return { ...Object.fromEntries(kept), [RESTORED_TAG]: 'true', [RESTORED_FROM_TAG]: from };
}

/** The describe filter that finds what a restore of `from` already created (a retry). */
export function restoredFromFilter(from: string): { Name: string; Values: string[] } {
  return { Name: `tag:${RESTORED_FROM_TAG}`, Values: [from] };
}

export function tagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * For what a restore creates under the deleted one's name (a group, a launch configuration: no new id tells it
 * apart): records when the restore first asked AWS to create it, before the call, and answers the deletion with it.
 * A retry keeps the first ask, so "created since the restore asked" covers every attempt.
 */
export async function noteCreating(store: RecordStore, deletion: JanitorDeletion): Promise<JanitorDeletion> {
  if (deletion.creating) return deletion;
  const asking = { ...deletion, creating: { at: new Date().toISOString() } };
  await writeDeletion(store, asking);
  return asking;
}

/** Whether AWS says it created the resource at or after the time a restore of `deletion` first asked for it. */
export function createdSinceAsked(deletion: JanitorDeletion, created: Date | undefined): boolean {
  if (!deletion.creating || !created) return false;
  return created.getTime() >= Date.parse(deletion.creating.at);
}

async function restoreAction<T extends RestorableConfig['type']>(
  spec: JanitorRestoreSpec<T>,
  action: Action,
  ctx: EffectContext,
) {
  const store = ctx.records;
  if (!store) throw new Error("the Janitor's record of deletions (Redis) is not available: nothing is restored");
  const deletion = await readDeletion(store, action, action.resource);
  if (!deletion) throw new Error(`the Janitor's record holds no deletion of ${action.resource}`);
  if (deletion.restored) return { resource: action.resource, ok: true, already: true };
  const { config } = deletion;
  if (config.type !== spec.type) throw new Error(`${action.resource} was a ${config.type}, not a ${spec.type}`);
  const id = await spec.restoreOne(deletion, config as ConfigOf<T>, ctx);
  const restored = { at: new Date().toISOString(), id, ...(ctx.runId ? { runId: ctx.runId } : {}) };
  await writeDeletion(store, { ...deletion, restored });
  return { resource: action.resource, ok: true };
}

/**
 * Brings back what the Janitor deleted, from its own record (never from tags): not a fault (nothing to revert),
 * capped by nothing, one resource a call. Restoring what a restore already brought back is done (`already`).
 */
export function janitorRestoreEffect<T extends RestorableConfig['type']>(spec: JanitorRestoreSpec<T>): Effect {
  return {
    kind: spec.kind,
    description: spec.description,
    permissions: spec.permissions,
    batchSize: 1,
    pacing: spec.pacing,
    capped: 'none',
    paramsSchema: restoreParams,
    apply: (actions, ctx) => applyEach(actions, (action) => restoreAction(spec, action, ctx)),
  };
}

/** A structure kept as AWS described it (the record's JSON), handed back to the SDK call that takes that shape. */
export function asAws<T>(shape: Readonly<Record<string, unknown>>): T {
  return shape as unknown as T;
}
