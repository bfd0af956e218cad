import type { Logger } from 'pino';
import { errorMessage } from '../aws/aws-error.js';
import type { AwsClients } from '../aws/clients.js';
import { revertingFor } from '../aws/session-tags.js';
import type { Clock } from '../clock.js';
import { actionEvent } from '../events/action-event.js';
import { EVENT_TYPES, type EventSink } from '../events/event.js';
import { recordSafely } from '../events/record-safely.js';
import type { AlertSender } from '../notify/alert.js';
import type { Action } from '../plan/action.js';
import { applyBatch } from './batch.js';
import type { EffectOutcome } from './effect.js';
import { paramsProblem } from './effect-params.js';
import type { Pacer } from './pacer.js';
import { getEffect } from './registry.js';
import type { RevertRecord, RevertRegistry } from './revert-registry.js';

export interface RevertDeps {
  readonly registry: RevertRegistry;
  readonly clients: AwsClients;
  readonly pacer: Pacer;
  readonly events: EventSink;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The on-call is told of a revert that failed (critical); absent, nobody is. */
  readonly alerts?: AlertSender;
}

/**
 * What became of one revert: `done` (undone now), `already` (the resource was already back to normal), `failed`
 * (stays open for another try), `noop` (done before, unknown, or another applier holds it).
 */
export interface RevertResult {
  readonly id: string;
  readonly status: 'done' | 'already' | 'failed' | 'noop';
  readonly detail: string;
  readonly record: RevertRecord | null;
}

/** The action a revert performs: the revert kind is itself a registered effect. */
function revertAction(record: RevertRecord): Action {
  return {
    kind: record.spec.kind,
    resource: record.spec.resource,
    group: record.meta.group,
    account: record.spec.account,
    region: record.spec.region,
    zone: record.meta.zone,
    params: record.spec.params,
  };
}

/**
 * Applies one revert through the effect registry. Idempotent: any worker may call it, any number of times. `owner`
 * names the revert's queue job, which takes over a claim it left behind (see RevertRegistry.claim).
 */
export async function applyRevert(id: string, deps: RevertDeps, owner?: string): Promise<RevertResult> {
  const record = await deps.registry.claim(id, deps.clock.now(), owner);
  if (!record) {
    const current = await deps.registry.get(id);
    const detail = !current
      ? 'no such revert'
      : current.status === 'done'
        ? 'already applied'
        : 'being applied elsewhere';
    return { id, status: 'noop', detail, record: current };
  }
  const action = revertAction(record);
  const ctx = {
    // The revert's session tag (simian-revert=<monkey>): the IAM policy lets a revert put back what opted out since.
    // A record that names no monkey gets no tag, and so no IAM grant: it fails closed.
    clients: record.meta.monkey ? deps.clients.as(revertingFor(record.meta.monkey)) : deps.clients,
    logger: deps.logger,
    ...(record.meta.roleArn ? { roleArn: record.meta.roleArn } : {}),
  };
  // A revert that cannot even start (unknown kind, params that fail its schema) is a failure to report, never an
  // abandoned claim, and never a half-applied call: the params are checked before any AWS call.
  const [outcome] = await Promise.resolve()
    .then(() => {
      const effect = getEffect(action.kind);
      const problem = paramsProblem(effect, action.params);
      if (problem) throw new Error(`the revert record's params do not fit ${effect.kind}: ${problem}`);
      return applyBatch(effect, [action], ctx, deps.pacer);
    })
    .catch((error: unknown): EffectOutcome[] => [{ resource: action.resource, ok: false, error: errorMessage(error) }]);
  const ok = outcome?.ok ?? false;
  const error = outcome?.error ?? (outcome ? undefined : 'the effect reported no outcome');
  await deps.registry.markDone(id, { ok, already: outcome?.already, error, at: deps.clock.now().toISOString() });
  const status = !ok ? 'failed' : outcome?.already ? 'already' : 'done';
  const detail = !ok
    ? `revert ${action.kind} of ${action.resource} failed: ${error}`
    : `${action.kind} ${action.resource}${outcome?.already ? ' (already back to normal)' : ''}, undoing ${record.meta.appliedKind}`;
  await recordSafely(
    deps.events,
    deps.logger,
    actionEvent(
      ok ? EVENT_TYPES.revert : EVENT_TYPES.failure,
      action,
      { monkey: record.meta.monkey, dryRun: false, runId: record.meta.runId },
      detail,
      { revertId: id, status, appliedKind: record.meta.appliedKind, ...(error ? { reason: error } : {}) },
    ),
  );
  deps.logger.info({ revertId: id, status, resource: action.resource }, detail);
  if (!ok) {
    deps.alerts?.notify({
      cluster: action.group ?? action.resource,
      severity: 'critical',
      desc: detail,
      incidentKey: `revert-failed:${id}`,
      details: { revertId: id, runId: record.meta.runId, reason: error },
      monkey: record.meta.monkey,
      account: action.account,
      region: action.region,
      resource: action.resource,
    });
  }
  return { id, status, detail, record };
}

/**
 * Applies every revert due by `before` (default now): `simian revert --due`, and each worker's sweep of the overdue
 * ones (the claim keeps two appliers from acting at once).
 */
export async function applyDueReverts(deps: RevertDeps, before = deps.clock.now()): Promise<RevertResult[]> {
  const results: RevertResult[] = [];
  for (const record of await deps.registry.due(before)) results.push(await applyRevert(record.id, deps));
  return results;
}

/** Which open reverts to apply early (a stop condition fired, a person asked); every given field must match. */
export interface RevertFilter {
  runId?: string;
  monkey?: string;
  group?: string;
  resource?: string;
}

/** Applies open reverts now, before their deadline. */
export async function revertNow(filter: RevertFilter, deps: RevertDeps): Promise<RevertResult[]> {
  const matches = (record: RevertRecord) =>
    (filter.runId === undefined || record.meta.runId === filter.runId) &&
    (filter.monkey === undefined || record.meta.monkey === filter.monkey) &&
    (filter.group === undefined || record.meta.group === filter.group) &&
    (filter.resource === undefined || record.spec.resource === filter.resource);
  const results: RevertResult[] = [];
  for (const record of (await deps.registry.pending()).filter(matches)) {
    results.push(await applyRevert(record.id, deps));
  }
  return results;
}
