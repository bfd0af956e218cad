import { createHash } from 'node:crypto';
import type { MonkeyName } from '../config/schema.js';
import type { RedisClient } from '../redis/connection.js';
import { safetyCall } from '../redis/redis-call.js';
import type { RevertSpec } from './effect.js';

/** Who registered a revert, for the timeline and `simian revert --list`. */
export interface RevertMeta {
  readonly runId: string;
  readonly monkey: MonkeyName | null;
  /** The kind of the fault being undone (e.g. stop-instance). */
  readonly appliedKind: string;
  readonly group: string | null;
  readonly zone: string | null;
  /** Role to assume in the spec's account, when simian assumes one. */
  readonly roleArn?: string;
}

export type RevertStatus = 'pending' | 'applying' | 'done' | 'failed';

export interface RevertOutcome {
  readonly ok: boolean;
  readonly already?: boolean;
  readonly error?: string;
  readonly at: string;
}

export interface RevertRecord {
  readonly id: string;
  readonly spec: RevertSpec;
  /** ISO time the revert is due; null = only on demand (revertNow). */
  readonly dueAt: string | null;
  readonly registeredAt: string;
  readonly meta: RevertMeta;
  readonly status: RevertStatus;
  /** Set while a worker applies it: others leave it alone until this lease ends. */
  readonly leaseUntil?: string;
  readonly outcome?: RevertOutcome;
}

/** A revert's id is a function of what it undoes and in which run, so a retried job registers it once. */
export function revertId(spec: RevertSpec, runId: string): string {
  const digest = createHash('sha256').update(
    `${spec.kind}\n${spec.resource}\n${spec.account}\n${spec.region}\n${runId}`,
  );
  return `rv-${digest.digest('hex').slice(0, 24)}`;
}

// Each revert is a hash: `body` (the JSON record, written once) plus `status`, `leaseUntil`, `outcome`.
// Registers once: the first registration's captured state wins, a retry never overwrites it. Answers the open
// revert's due score (the first registration's), nil when it is already done.
const REGISTER_ONCE = `
if redis.call('HSETNX', KEYS[1], 'body', ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'status', 'pending')
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
end
return redis.call('ZSCORE', KEYS[2], ARGV[3])`;

// Takes a pending, failed or lease-expired revert for one applier: 1 when taken. An applier naming itself (ARGV[3],
// the revert's queue job) also takes over a lease it holds itself: that job runs again only once its worker is gone.
const CLAIM_FOR_APPLY = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status or status == 'done' then return 0 end
local lease = redis.call('HGET', KEYS[1], 'leaseUntil')
if status == 'applying' and lease and lease > ARGV[1] then
  if ARGV[3] == '' or redis.call('HGET', KEYS[1], 'owner') ~= ARGV[3] then return 0 end
end
redis.call('HSET', KEYS[1], 'status', 'applying', 'leaseUntil', ARGV[2], 'owner', ARGV[3])
return 1`;

// Done leaves the open set; failed stays in it so the next pass tries again.
const MARK_OUTCOME = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'outcome', ARGV[2])
redis.call('HDEL', KEYS[1], 'leaseUntil', 'owner')
if ARGV[1] == 'done' then redis.call('ZREM', KEYS[2], ARGV[3]) end
return 1`;

export interface RevertRegistryOptions {
  /** config.redis.prefix. */
  prefix: string;
  /** Deadline of each Redis step: an unreachable Redis fails the registration (and so the fault is not applied). */
  timeoutMs?: number;
  /** How long an applier owns a revert before another may take it over. */
  leaseMs?: number;
  /**
   * Called with every open, dated revert as it is registered (and again when a retry registers it once more), before
   * its fault is applied: the fleet gives it its delayed job here. Throwing fails the registration, so the fault is
   * not applied without its job.
   */
  onRegistered?: (revert: RegisteredRevert) => Promise<void>;
}

/** An open revert and its deadline, as the registry holds it. */
export interface RegisteredRevert {
  readonly id: string;
  readonly dueAt: Date;
}

/**
 * Reverts waiting for their deadline, in Redis, so any worker (or `simian revert --due`) can apply them:
 * a JSON record per revert (`<prefix>:revert:<id>`) and a sorted set of open ones by due time (`<prefix>:reverts`).
 */
export class RevertRegistry {
  private readonly dueKey: string;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RevertRegistryOptions,
  ) {
    this.dueKey = `${options.prefix}:reverts`;
  }

  /**
   * Registers a revert (before its fault is applied) and returns its id; registering again changes nothing but hands
   * the open revert to `onRegistered` once more.
   */
  async register(spec: RevertSpec, dueAt: Date | null, meta: RevertMeta, now = new Date()): Promise<string> {
    const id = revertId(spec, meta.runId);
    const body = { id, spec, dueAt: dueAt?.toISOString() ?? null, registeredAt: now.toISOString(), meta };
    const score = dueAt ? String(dueAt.getTime()) : '+inf';
    const open = await this.call((redis) =>
      redis.eval(REGISTER_ONCE, 2, this.recordKey(id), this.dueKey, JSON.stringify(body), score, id),
    );
    // The stored deadline, not this call's: a retry registering again keeps the first one's.
    const due = typeof open === 'string' ? Number(open) : Number.NaN;
    if (Number.isFinite(due)) await this.options.onRegistered?.({ id, dueAt: new Date(due) });
    return id;
  }

  async get(id: string): Promise<RevertRecord | null> {
    return (await this.records([id]))[0] ?? null;
  }

  /** Open reverts whose deadline has passed, oldest first. */
  async due(now: Date): Promise<RevertRecord[]> {
    return this.records(await this.call((redis) => redis.zrangebyscore(this.dueKey, '-inf', now.getTime())));
  }

  /** Every open revert (pending, being applied, or failed and waiting for another try), by due time. */
  async pending(): Promise<RevertRecord[]> {
    return this.records(await this.call((redis) => redis.zrange(this.dueKey, 0, -1)));
  }

  /**
   * Takes a revert for applying; null when it is done, unknown, or another applier holds it. The lease lets another
   * worker take over if this one dies mid-way (the effects are idempotent). An `owner` (the revert's queue job) takes
   * over its own lease at once: BullMQ runs that job again only when the worker that held it stopped renewing its lock
   * (killed mid-revert), and waiting out the lease would leave the fault in place minutes past its deadline.
   */
  async claim(id: string, now: Date, owner = ''): Promise<RevertRecord | null> {
    const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? 5 * 60_000)).toISOString();
    const taken = await this.call((redis) =>
      redis.eval(CLAIM_FOR_APPLY, 1, this.recordKey(id), now.toISOString(), leaseUntil, owner),
    );
    return taken === 1 ? this.get(id) : null;
  }

  /** Records what applying the revert did: ok → done (closed), else failed (stays open for another try). */
  async markDone(id: string, outcome: RevertOutcome): Promise<void> {
    const status: RevertStatus = outcome.ok ? 'done' : 'failed';
    await this.call((redis) =>
      redis.eval(MARK_OUTCOME, 2, this.recordKey(id), this.dueKey, status, JSON.stringify(outcome), id),
    );
  }

  private async records(ids: string[]): Promise<RevertRecord[]> {
    if (ids.length === 0) return [];
    const replies = await this.call(async (redis) => {
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(this.recordKey(id));
      return (await pipeline.exec()) ?? [];
    });
    const records: RevertRecord[] = [];
    for (const [error, hash] of replies) {
      if (error) throw error;
      const fields = hash as Record<string, string>;
      if (!fields.body) continue;
      records.push({
        ...(JSON.parse(fields.body) as Omit<RevertRecord, 'status'>),
        status: (fields.status ?? 'pending') as RevertStatus,
        ...(fields.leaseUntil ? { leaseUntil: fields.leaseUntil } : {}),
        ...(fields.outcome ? { outcome: JSON.parse(fields.outcome) as RevertOutcome } : {}),
      });
    }
    return records;
  }

  private recordKey(id: string): string {
    return `${this.options.prefix}:revert:${id}`;
  }

  private call<T>(step: (redis: RedisClient) => Promise<T>): Promise<T> {
    return safetyCall(this.redis, step, this.options.timeoutMs);
  }
}
