import { janitorRecheck } from '../../../monkeys/janitor/recheck.js';
import { hasErrorCode } from '../../aws/resources/support.js';
import type { Action } from '../../plan/action.js';
import type { Effect, EffectContext } from '../effect.js';
import { applyEach } from './each-action.js';
import { deleteParams } from './janitor-params.js';

export interface JanitorDeleteSpec {
  readonly kind: string;
  readonly description: string;
  readonly permissions: readonly string[];
  readonly pacing: string;
  /** AWS error codes that mean the resource is already gone: the deletion is then done (`already`). */
  readonly goneCodes: readonly string[];
  deleteOne(action: Action, ctx: EffectContext): Promise<void>;
}

/** Where an action's resource lives, as the clients take it. */
export function targetOf(action: Action, ctx: EffectContext) {
  return { region: action.region, account: action.account, ...(ctx.roleArn ? { roleArn: ctx.roleArn } : {}) };
}

/**
 * A Janitor deletion: irreversible (no revert), idempotent (already gone = done, `already`), counted by the caps
 * (maxPerRun holds at action time), and re-checked right before the call on a fresh read of every referencing type
 * (janitorRecheck as the reach check): a resource that gained a use, lost its mark or was opted out is spared.
 * The delete APIs take one resource a call; a batch shares one fresh read.
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
    reach: janitorRecheck,
    apply(actions, ctx) {
      return applyEach(actions, async (action) => {
        try {
          await spec.deleteOne(action, ctx);
          return { resource: action.resource, ok: true };
        } catch (error) {
          if (hasErrorCode(error, spec.goneCodes)) return { resource: action.resource, ok: true, already: true };
          throw error;
        }
      });
    },
  };
}
