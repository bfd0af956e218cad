import { hostname } from 'node:os';
import type { Plan } from '../plan/action.js';
import type { RedisClient } from '../redis/connection.js';
import { type ActionGuard, ALLOW, type RunContext, refusal } from './guard.js';
import { type LeaseLost, RunLease, runLeaseKey } from './run-lease.js';

/** How long a lease lives without renewal: a holder that dies frees its target within this. */
const LEASE_TTL_MS = 15_000;

/**
 * Target keys that say how a run acts, not on what: two runs differing only in these (Doctor's rule lists, a fault
 * kind) act on the same target and share its lease.
 */
const HOW_NOT_WHAT = new Set(['fault', 'rules']);

/** What a run aims at, for its lease: the target's values (zone, group ...) or `all`. */
function leaseTargetOf(plan: Plan): string {
  const { region: _region, ...rest } = plan.target;
  const parts = Object.entries(rest)
    .filter(([key]) => !HOW_NOT_WHAT.has(key))
    .map(([, value]) => value);
  return parts.length > 0 ? parts.join('/') : 'all';
}

/** One armed run's hold on its target, and the guard that stops the run once the hold is lost. */
export interface HeldLease {
  readonly guard: ActionGuard;
  release(): Promise<void>;
}

export type LeaseAnswer =
  | { readonly ok: true; readonly held: HeldLease }
  | { readonly ok: false; readonly reason: string };

/**
 * One armed run at a time per (account, region, monkey, target): the lease is taken before the first action and
 * renewed while acting; a second run is refused (guard `concurrent-run`) naming the run that holds it, and a run that
 * loses its lease stops before its next action. A redelivery of the same run (same run id) waits for the attempt
 * before it to end or die, then goes on and finds the work done (its effects are idempotent); while that attempt is
 * alive and acting (a job lock lost to a Redis failover), the redelivery is refused rather than acting beside it.
 */
export async function takeRunLease(
  redis: RedisClient,
  plan: Plan,
  run: RunContext,
  ttlMs = LEASE_TTL_MS,
): Promise<LeaseAnswer> {
  const key = runLeaseKey(run.config.redis.prefix, {
    account: run.account.id,
    region: run.region,
    monkey: run.monkey,
    target: leaseTargetOf(plan),
  });
  const holder = `${run.runId}@${hostname()}:${process.pid}`;
  let taken = await RunLease.acquire(redis, key, holder, ttlMs);
  // The same run held by another process: an earlier delivery of this job. Wait for it to end (its lease is
  // released) or to die (its lease expires, within one ttl); one still renewing after that is alive and acting.
  const waitUntil = Date.now() + ttlMs + ttlMs / 3;
  while (!taken.ok && taken.holder?.startsWith(`${run.runId}@`) && taken.holder !== holder && Date.now() < waitUntil) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, ttlMs / 10)));
    taken = await RunLease.acquire(redis, key, holder, ttlMs);
  }
  if (!taken.ok) {
    const other = taken.holder ?? 'another run';
    // This very process holds it: a redelivery to the worker that is still acting on it; its effects are idempotent.
    if (other === holder) return { ok: true, held: { guard: passGuard, release: async () => {} } };
    if (other.startsWith(`${run.runId}@`))
      return { ok: false, reason: `run ${run.runId} is still acting in another process (${other.split('@')[1]})` };
    return { ok: false, reason: `run ${other.split('@')[0]} is acting on the same target (${key}): one run at a time` };
  }
  let lost: LeaseLost | undefined;
  taken.lease.startRenewing({
    onLost: (why) => {
      lost = why;
    },
  });
  return {
    ok: true,
    held: {
      guard: {
        name: 'concurrent-run',
        check: async () => (lost ? refusal('concurrent-run', `the run's lease was lost (${lost.reason})`) : ALLOW),
      },
      release: async () => {
        await taken.lease.release().catch(() => false);
      },
    },
  };
}

const passGuard: ActionGuard = { name: 'concurrent-run', check: async () => ({ allow: true }) };
