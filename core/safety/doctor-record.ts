import type { RedisClient } from '../redis/connection.js';
import { DEFAULT_REDIS_TIMEOUT_MS, safetyCall } from '../redis/redis-call.js';

/**
 * Admits one remedy of a group when fewer than the allowance are under remedy, in one atomic step: any number of
 * runs, entries and workers sharing Redis never put more of a group under remedy at once. Holds that ended and
 * instances the caller found gone are dropped first; an instance already under remedy is admitted again without
 * counting (jobs are delivered at least once). ARGV[5] = '0' checks without recording (dry runs).
 *
 * KEYS[1] the group's remedies (sorted set: instance → held until, ms; +inf while quarantined).
 * ARGV: now ms, allowance, instance, held until ms, record ('1'|'0'), then the gone instances.
 * Returns {admitted 1|0, count, members...}.
 */
const ADMIT_REMEDY = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
for i = 6, #ARGV do redis.call('ZREM', KEYS[1], ARGV[i]) end
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
  return {1, redis.call('ZCARD', KEYS[1])}
end
local count = redis.call('ZCARD', KEYS[1])
if count >= tonumber(ARGV[2]) then
  local result = {0, count}
  for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do table.insert(result, member) end
  return result
end
if ARGV[5] == '1' then redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3]) end
return {1, count + 1}
`;

/**
 * Records a quarantine: the instance stays under remedy in its group until Doctor terminates it, and its record
 * (the first one written wins: a redelivered job keeps the original time and run).
 * KEYS[1] the group's remedies; KEYS[2] the quarantines (hash: instance → JSON). ARGV: instance, record JSON.
 */
const RECORD_QUARANTINE = `
redis.call('ZADD', KEYS[1], '+inf', ARGV[1])
redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2])
return 1
`;

/** Forgets a quarantine (terminated, or its detach failed). KEYS as RECORD_QUARANTINE; ARGV: instance. */
const FORGET_QUARANTINE = `
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('HDEL', KEYS[2], ARGV[1])
`;

interface DoctorRecordCommands {
  doctorAdmitRemedy(key: string, ...args: (string | number)[]): Promise<(number | string)[]>;
  doctorRecordQuarantine(remedies: string, quarantines: string, instance: string, record: string): Promise<number>;
  doctorForgetQuarantine(remedies: string, quarantines: string, instance: string): Promise<number>;
}

/** What Doctor recorded of one quarantine it made. */
export interface QuarantineRecord {
  readonly account: string;
  readonly region: string;
  /** The group the instance was detached from. */
  readonly group: string;
  readonly instance: string;
  /** When it was detached (ISO 8601). */
  readonly at: string;
  readonly runId: string;
}

export type AdmitDecision =
  | { readonly admitted: true; readonly count: number }
  | { readonly admitted: false; readonly count: number; readonly underRemedy: readonly string[] };

export interface DoctorRecordOptions {
  readonly redis: RedisClient;
  /** config.redis.prefix */
  readonly prefix: string;
  readonly account: string;
  readonly region: string;
  readonly timeoutMs?: number;
}

/**
 * Doctor's own record in Redis, per account and region: which instances of each group are under remedy (until
 * when), and the quarantines Doctor made. Tags on instances mirror it for people; only this record makes an
 * instance Doctor's to terminate, and only it counts what is under remedy across runs.
 */
export class DoctorRecord {
  private readonly redis: RedisClient & DoctorRecordCommands;
  private readonly base: string;

  constructor(private readonly options: DoctorRecordOptions) {
    const redis = options.redis as RedisClient & Partial<DoctorRecordCommands>;
    if (!redis.doctorAdmitRemedy) redis.defineCommand('doctorAdmitRemedy', { numberOfKeys: 1, lua: ADMIT_REMEDY });
    if (!redis.doctorRecordQuarantine)
      redis.defineCommand('doctorRecordQuarantine', { numberOfKeys: 2, lua: RECORD_QUARANTINE });
    if (!redis.doctorForgetQuarantine)
      redis.defineCommand('doctorForgetQuarantine', { numberOfKeys: 2, lua: FORGET_QUARANTINE });
    this.redis = redis as RedisClient & DoctorRecordCommands;
    // One hash slot per account and region, so the scripts' keys live together on a Redis Cluster.
    this.base = `${options.prefix}:doctor:{${options.account}:${options.region}}`;
  }

  private remediesKey(group: string): string {
    return `${this.base}:remedies:${group}`;
  }

  private get quarantinesKey(): string {
    return `${this.base}:quarantined`;
  }

  private call<T>(step: () => Promise<T>): Promise<T> {
    return safetyCall(this.redis, step, this.options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS);
  }

  /** The instances of a group under remedy now (holds not yet over at `now`). */
  async underRemedy(group: string, now: Date): Promise<string[]> {
    return this.call(() => this.redis.zrangebyscore(this.remediesKey(group), now.getTime(), '+inf'));
  }

  /**
   * Admits the remedy of `instance` when fewer than `allowance` of its group are under remedy, holding it until
   * `heldUntil`; `gone` are instances of the record the caller found terminated (they no longer count).
   */
  async admit(attempt: {
    readonly group: string;
    readonly instance: string;
    readonly allowance: number;
    readonly now: Date;
    readonly heldUntil: Date;
    readonly gone: readonly string[];
    readonly record: boolean;
  }): Promise<AdmitDecision> {
    const [admitted, count, ...members] = await this.call(() =>
      this.redis.doctorAdmitRemedy(
        this.remediesKey(attempt.group),
        attempt.now.getTime(),
        attempt.allowance,
        attempt.instance,
        attempt.heldUntil.getTime(),
        attempt.record ? '1' : '0',
        ...attempt.gone,
      ),
    );
    if (Number(admitted) === 1) return { admitted: true, count: Number(count) };
    return { admitted: false, count: Number(count), underRemedy: members.map(String) };
  }

  /** Records a quarantine (idempotent: the first record stays); its instance stays under remedy until forgotten. */
  async recordQuarantine(record: Omit<QuarantineRecord, 'account' | 'region'>): Promise<void> {
    const full: QuarantineRecord = { account: this.options.account, region: this.options.region, ...record };
    await this.call(() =>
      this.redis.doctorRecordQuarantine(
        this.remediesKey(record.group),
        this.quarantinesKey,
        record.instance,
        JSON.stringify(full),
      ),
    );
  }

  /** The quarantine records of these instances (absent: Doctor never quarantined it, whatever its tags say). */
  async quarantinesOf(instances: readonly string[]): Promise<Map<string, QuarantineRecord>> {
    if (instances.length === 0) return new Map();
    const values = await this.call(() => this.redis.hmget(this.quarantinesKey, ...instances));
    const found = new Map<string, QuarantineRecord>();
    instances.forEach((instance, index) => {
      const value = values[index];
      if (value) found.set(instance, JSON.parse(value) as QuarantineRecord);
    });
    return found;
  }

  /** Forgets a quarantine: its instance was terminated (or never left its group). */
  async forgetQuarantine(group: string, instance: string): Promise<void> {
    await this.call(() => this.redis.doctorForgetQuarantine(this.remediesKey(group), this.quarantinesKey, instance));
  }
}
