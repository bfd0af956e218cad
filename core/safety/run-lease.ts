import type { RedisClient } from '../redis/connection.js';
import { DEFAULT_REDIS_TIMEOUT_MS, safetyCall } from '../redis/redis-call.js';

/** What one lease covers: one monkey acting on one target (a zone, a group, a region) of one account and region. */
export interface LeaseTarget {
  readonly account: string;
  readonly region: string;
  readonly monkey: string;
  /** What the run aims at, e.g. the zone for gorilla, the group for chaos, `all` for a whole region. */
  readonly target: string;
}

/** `<prefix>:lease:<account>:<region>:<monkey>:<target>`. */
export function runLeaseKey(prefix: string, lease: LeaseTarget): string {
  return `${prefix}:lease:${lease.account}:${lease.region}:${lease.monkey}:${lease.target}`;
}

// Takes the lease when nobody holds it; else answers who does. One step, so two acquirers can never both win.
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1, ARGV[1]} end
return {0, redis.call('GET', KEYS[1]) or ''}`;

// Extends the lease only while it is still ours: {1} renewed, {0, holder} gone ('') or taken by holder.
const RENEW_IF_HELD = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, holder}
end
return {0, holder or ''}`;

// Deletes the lease only while it is still ours: a late release never frees someone else's lease.
const RELEASE_IF_HELD = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface RunLeaseOptions {
  /** Deadline of each Redis step (an unreachable Redis rejects, never hangs). */
  readonly timeoutMs?: number;
}

/** The answer of `acquire`: the lease, or who holds it now (null when it expired between the two reads). */
export type AcquireResult =
  | { readonly ok: true; readonly lease: RunLease }
  | { readonly ok: false; readonly holder: string | null };

/** Why a held lease was lost: it expired (nobody holds it now), or another holder has it. */
export interface LeaseLost {
  readonly key: string;
  readonly holder: string;
  /** Who holds it now; null when nobody does (it expired, or was deleted). */
  readonly takenBy: string | null;
  readonly reason: string;
}

export interface AutoRenewOptions {
  /** How often to renew; default a third of the lease's time to live. */
  readonly everyMs?: number;
  /** Called once when a renew finds the lease gone or taken (or could not renew it before it expired); renewing stops. */
  readonly onLost: (lost: LeaseLost) => void;
}

/**
 * A lease in Redis that one run holds on its target while it acts, so two runs (two workers, a person and the
 * scheduler, a redelivered job) never act on the same target at once. `acquire` sets the key only if absent, with
 * a time to live; `renew` and `release` act only while the key still names this holder (compare-and-pexpire,
 * compare-and-del, in Lua). A holder that dies simply lets the lease expire.
 *
 * The holder id should name the run and its attempt (e.g. `<runId>@<host>:<pid>`): acquiring is not re-entrant,
 * so a second delivery of the same job waits for the first one's lease to end.
 */
export class RunLease {
  private timer: NodeJS.Timeout | undefined;
  private lostOnce = false;

  private constructor(
    private readonly redis: RedisClient,
    readonly key: string,
    readonly holder: string,
    readonly ttlMs: number,
    private readonly timeoutMs: number,
  ) {}

  /** Takes the lease atomically (SET NX PX), or answers who holds it so the caller can say "refused: run X holds it". */
  static async acquire(
    redis: RedisClient,
    key: string,
    holder: string,
    ttlMs: number,
    options: RunLeaseOptions = {},
  ): Promise<AcquireResult> {
    if (!holder) throw new Error('a lease needs a holder id');
    if (!Number.isInteger(ttlMs) || ttlMs < 1)
      throw new Error(`a lease needs a whole positive ttl in ms, got ${ttlMs}`);
    const timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
    const [taken, current] = (await safetyCall(
      redis,
      (connection) => connection.eval(ACQUIRE, 1, key, holder, String(ttlMs)),
      timeoutMs,
    )) as [number, string];
    if (taken === 1) return { ok: true, lease: new RunLease(redis, key, holder, ttlMs, timeoutMs) };
    return { ok: false, holder: current || null };
  }

  /** Extends the lease by its ttl if it is still ours; false when it is gone or taken (it is then lost). */
  async renew(): Promise<boolean> {
    return (await this.renewOrWhy()).renewed;
  }

  /** Gives the lease up if it is still ours (true); a lease already gone or taken is left alone (false). */
  async release(): Promise<boolean> {
    this.stopRenewing();
    const deleted = await safetyCall(
      this.redis,
      (connection) => connection.eval(RELEASE_IF_HELD, 1, this.key, this.holder),
      this.timeoutMs,
    );
    return deleted === 1;
  }

  /**
   * Renews in the background until released. When a renew finds the lease gone or taken, or Redis cannot renew it
   * before its ttl has run out since the last renew, `onLost` is called once and renewing stops: the holder must
   * stop acting. The timer does not keep the process alive.
   */
  startRenewing(options: AutoRenewOptions): void {
    this.stopRenewing();
    const everyMs = Math.max(1, Math.floor(options.everyMs ?? this.ttlMs / 3));
    let lastRenewed = Date.now();
    const lose = (lost: LeaseLost) => {
      this.stopRenewing();
      if (this.lostOnce) return;
      this.lostOnce = true;
      options.onLost(lost);
    };
    const tick = async () => {
      try {
        const answer = await this.renewOrWhy();
        if (this.timer === undefined) return; // released meanwhile
        if (!answer.renewed) {
          const reason = answer.holder ? `taken by ${answer.holder}` : 'expired: nobody holds it';
          return lose({ key: this.key, holder: this.holder, takenBy: answer.holder, reason });
        }
        lastRenewed = Date.now();
      } catch (error) {
        if (this.timer === undefined) return;
        if (Date.now() - lastRenewed >= this.ttlMs) {
          const detail = error instanceof Error ? error.message : String(error);
          return lose({
            key: this.key,
            holder: this.holder,
            takenBy: null,
            reason: `could not be renewed in time: ${detail}`,
          });
        }
      }
      this.schedule(tick, everyMs);
    };
    this.schedule(tick, everyMs);
  }

  /** Stops the background renewal (the lease then expires at the end of its ttl unless released). */
  stopRenewing(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(tick: () => Promise<void>, everyMs: number) {
    this.timer = setTimeout(() => void tick(), everyMs);
    this.timer.unref();
  }

  private async renewOrWhy(): Promise<{ renewed: boolean; holder: string | null }> {
    const [renewed, holder] = (await safetyCall(
      this.redis,
      (connection) => connection.eval(RENEW_IF_HELD, 1, this.key, this.holder, String(this.ttlMs)),
      this.timeoutMs,
    )) as [number, string];
    return { renewed: renewed === 1, holder: holder || null };
  }
}
