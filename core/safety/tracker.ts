import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';
import { formatDuration } from '../config/values.js';
import type { RedisClient } from '../redis/connection.js';
import { DEFAULT_REDIS_TIMEOUT_MS, RedisUnreachableError, safetyCall } from '../redis/redis-call.js';
import { countsAgainstCaps } from './caps-guard.js';
import { type ActionGuard, ALLOW, type RunContext, refusal, skip } from './guard.js';

/**
 * Checks the min time between kills and the max kills per day of one group, and records the kill, in one atomic
 * step: many workers sharing Redis can never exceed either. A resource already recorded today is allowed again
 * without counting (jobs are delivered at least once). Kills of the same run are not held apart by the min time
 * (the caps bound a run); ARGV[7] = '0' checks without recording (dry runs).
 *
 * KEYS[1] last kill of the group (hash: at, run); KEYS[2] resources killed in the group today (set).
 * ARGV: now ms, min gap ms, max per day (-1: none), run id, resource, day ttl s, record ('1'|'0'), last ttl ms.
 * Returns {allowed 1|0, code, detail}.
 */
const CHECK_AND_RECORD_KILL = `
local now = tonumber(ARGV[1])
local minGap = tonumber(ARGV[2])
local maxPerDay = tonumber(ARGV[3])
local runId = ARGV[4]
local resource = ARGV[5]
if redis.call('SISMEMBER', KEYS[2], resource) == 1 then
  return {1, 'already', 0}
end
local lastAt = tonumber(redis.call('HGET', KEYS[1], 'at') or '')
local lastRun = redis.call('HGET', KEYS[1], 'run')
if lastAt and lastRun ~= runId and minGap > 0 and now - lastAt < minGap then
  return {0, 'min-gap', lastAt}
end
local count = redis.call('SCARD', KEYS[2])
if maxPerDay >= 0 and count >= maxPerDay then
  return {0, 'max-per-day', count}
end
if ARGV[7] == '1' then
  redis.call('SADD', KEYS[2], resource)
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[6]))
  redis.call('HSET', KEYS[1], 'at', now, 'run', runId)
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[8]))
end
return {1, 'recorded', count + 1}
`;

interface TrackerCommands {
  checkAndRecordKill(
    lastKey: string,
    dayKey: string,
    ...args: (string | number)[]
  ): Promise<[number, string, number | string]>;
}

export interface KillAttempt {
  readonly account: string;
  readonly region: string;
  readonly group: string;
  readonly resource: string;
  readonly runId: string;
  readonly minTimeBetweenKillsMs?: number;
  readonly maxPerDay?: number;
  /** false: check only (dry runs must not use up a real run's allowance). */
  readonly record: boolean;
}

export type KillDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

export interface TrackerOptions {
  readonly redis: RedisClient;
  /** config.redis.prefix */
  readonly prefix: string;
  readonly clock: Clock;
  /** Days begin at midnight in this zone (the calendar's). */
  readonly timeZone: string;
  readonly timeoutMs?: number;
}

const DAY_MS = 86_400_000;

/** The kill record shared by every worker: min time between kills, max kills per day per group. */
export class Tracker {
  constructor(private readonly options: TrackerOptions) {
    const redis = options.redis as RedisClient & Partial<TrackerCommands>;
    if (!redis.checkAndRecordKill)
      redis.defineCommand('checkAndRecordKill', { numberOfKeys: 2, lua: CHECK_AND_RECORD_KILL });
  }

  /** Throws RedisUnreachableError when Redis cannot answer. */
  async checkAndRecordKill(attempt: KillAttempt): Promise<KillDecision> {
    const now = this.options.clock.now();
    const day = DateTime.fromJSDate(now, { zone: this.options.timeZone }).toISODate();
    const base = `${this.options.prefix}:tracker:${attempt.account}:${attempt.region}:${attempt.group}`;
    const minGap = attempt.minTimeBetweenKillsMs ?? 0;
    const redis = this.options.redis as RedisClient & TrackerCommands;
    const [allowed, code, detail] = await safetyCall(
      redis,
      () =>
        redis.checkAndRecordKill(
          `${base}:last`,
          `${base}:day:${day}`,
          now.getTime(),
          minGap,
          attempt.maxPerDay ?? -1,
          attempt.runId,
          attempt.resource,
          Math.ceil((2 * DAY_MS) / 1000),
          attempt.record ? '1' : '0',
          Math.max(minGap, DAY_MS),
        ),
      this.options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
    );
    if (allowed === 1) return { allowed: true };
    if (code === 'min-gap') {
      const ago = now.getTime() - Number(detail);
      return {
        allowed: false,
        reason: `group ${attempt.group} lost an instance ${formatDuration(ago)} ago (minTimeBetweenKills ${formatDuration(minGap)})`,
      };
    }
    return {
      allowed: false,
      reason: `group ${attempt.group} already had ${detail} kill(s) on ${day} (maxPerDayPerGroup ${attempt.maxPerDay})`,
    };
  }
}

/**
 * Checked last, right before the actuator: records the kill atomically in an armed run; only checks in a dry run.
 * When Redis cannot answer, an armed run refuses and a dry run goes on with the reason noted. Kinds that take no
 * instance out of service (a subnet removal) are no kill: neither checked nor recorded.
 */
export function trackerGuard(trackerFor: (run: RunContext) => Tracker): ActionGuard {
  return {
    name: 'tracker',
    async check(action, run) {
      if (!action.group || !countsAgainstCaps(action)) return ALLOW;
      let decision: KillDecision;
      try {
        decision = await trackerFor(run).checkAndRecordKill({
          account: action.account,
          region: action.region,
          group: action.group,
          resource: action.resource,
          runId: run.runId,
          minTimeBetweenKillsMs: run.caps.minTimeBetweenKills,
          maxPerDay: run.caps.maxPerDayPerGroup,
          record: !run.dryRun,
        });
      } catch (error) {
        const detail = error instanceof RedisUnreachableError ? error.message : String(error);
        const reason = `kill tracker state unknown: ${detail}`;
        if (run.dryRun) return { allow: true, note: `${reason}; nothing recorded` };
        return refusal('tracker', reason);
      }
      if (decision.allowed) return ALLOW;
      return skip('tracker', decision.reason);
    },
  };
}
