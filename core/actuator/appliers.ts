import type { Logger } from 'pino';
import { errorMessage } from '../aws/aws-error.js';
import type { Clock } from '../clock.js';
import { actionEvent, type EventOrigin } from '../events/action-event.js';
import type { EventSink } from '../events/event.js';
import { EVENT_TYPES } from '../events/event.js';
import { recordSafely } from '../events/record-safely.js';
import type { Action, ActionResult } from '../plan/action.js';
import { applyBatch } from './batch.js';
import type { Effect, EffectContext } from './effect.js';
import type { Pacer } from './pacer.js';
import type { RevertRegistry } from './revert-registry.js';

/**
 * Performs one batch of allowed actions (all of one effect, account and region). A dry run and an armed run differ
 * only in which applier they use: the recording one never reaches AWS.
 */
export interface Applier {
  apply(effect: Effect, actions: readonly Action[], ctx: EffectContext): Promise<ActionResult[]>;
}

export function actionResult(
  action: Action,
  status: ActionResult['status'],
  reason: string | null,
  revertAt: string | null = null,
): ActionResult {
  return {
    kind: action.kind,
    resource: action.resource,
    group: action.group,
    region: action.region,
    zone: action.zone,
    status,
    reason,
    revertAt,
    ...(action.details ? { details: action.details } : {}),
  };
}

/** Dry run: every allowed action is `planned`, and nothing else happens. */
export const recordingApplier: Applier = {
  async apply(_effect, actions) {
    return actions.map((action) => actionResult(action, 'planned', null));
  },
};

export interface ArmedApplierDeps {
  readonly reverts: RevertRegistry | null;
  readonly pacer: Pacer;
  readonly clock: Clock;
  readonly events: EventSink;
  readonly logger: Logger;
  readonly origin: EventOrigin;
  readonly roleArn?: string;
}

/**
 * Armed: for a reversible effect, capture the state and register each revert BEFORE applying (an action whose revert
 * cannot be registered is not applied), then apply in one paced batch (split on bad ids).
 */
export function armedApplier(deps: ArmedApplierDeps): Applier {
  return {
    async apply(effect, actions, ctx) {
      const failed: ActionResult[] = [];
      const revertAts = new Map<string, string | null>();
      let toApply: Action[] = [...actions];
      if (effect.revertOf) {
        toApply = [];
        const prepared = await prepareReverts(effect, actions, ctx, deps);
        for (const action of actions) {
          const outcome = prepared.get(action.resource);
          if (outcome && 'error' in outcome) failed.push(actionResult(action, 'failed', outcome.error));
          else {
            toApply.push(action);
            revertAts.set(action.resource, outcome?.revertAt ?? null);
          }
        }
      }
      const outcomes = new Map((await applyBatch(effect, toApply, ctx, deps.pacer)).map((o) => [o.resource, o]));
      const applied = toApply.map((action) => {
        const outcome = outcomes.get(action.resource);
        if (!outcome?.ok) return actionResult(action, 'failed', outcome?.error ?? 'no outcome');
        return actionResult(
          action,
          'done',
          outcome.already ? 'already done' : null,
          revertAts.get(action.resource) ?? null,
        );
      });
      return [...failed, ...applied];
    },
  };
}

type Prepared = { revertAt: string | null } | { error: string };

async function prepareReverts(
  effect: Effect,
  actions: readonly Action[],
  ctx: EffectContext,
  deps: ArmedApplierDeps,
): Promise<Map<string, Prepared>> {
  const prepared = new Map<string, Prepared>();
  const failAll = (error: string) => {
    for (const action of actions) prepared.set(action.resource, { error: `not applied: ${error}` });
    return prepared;
  };
  if (!deps.reverts) return failAll(`${effect.kind} is reversible and no revert registry (Redis) is available`);
  let saved = new Map<string, Record<string, unknown>>();
  if (effect.capture) {
    try {
      saved = await effect.capture(actions, ctx);
    } catch (error) {
      return failAll(`could not capture the state its revert needs: ${errorMessage(error)}`);
    }
  }
  for (const action of actions) {
    const state = saved.get(action.resource);
    if (effect.capture && !state) {
      prepared.set(action.resource, { error: 'not applied: no state was captured for its revert' });
      continue;
    }
    try {
      const spec = effect.revertOf?.(action, state ?? {});
      if (!spec) throw new Error('the effect built no revert');
      const now = deps.clock.now();
      const dueAt = action.durationMs !== undefined ? new Date(now.getTime() + action.durationMs) : null;
      const meta = {
        runId: deps.origin.runId,
        monkey: deps.origin.monkey,
        appliedKind: action.kind,
        group: action.group,
        zone: action.zone,
        ...(deps.roleArn ? { roleArn: deps.roleArn } : {}),
      };
      const revertId = await deps.reverts.register(spec, dueAt, meta, now);
      const revertAt = dueAt?.toISOString() ?? null;
      prepared.set(action.resource, { revertAt });
      await recordSafely(
        deps.events,
        deps.logger,
        actionEvent(
          EVENT_TYPES.revertRegistered,
          action,
          deps.origin,
          `revert ${spec.kind} registered for ${action.resource}${revertAt ? `, due ${revertAt}` : ''}`,
          {
            revertId,
            revertKind: spec.kind,
            revertAt,
          },
        ),
      );
    } catch (error) {
      prepared.set(action.resource, {
        error: `not applied: its revert could not be registered (${errorMessage(error)})`,
      });
    }
  }
  return prepared;
}
