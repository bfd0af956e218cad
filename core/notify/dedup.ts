import type { RedisClient } from '../redis/connection.js';
import { safetyCall } from '../redis/redis-call.js';

/**
 * claim-alert: the first claim of (channel, action, incident key) inside its window wins and counts against the
 * channel's rate limit; a win clears the opposite action's claim (a resolve re-arms the trigger and back).
 * Returns 1 (deliver), 0 (deduplicated) or -1 (rate-limited; the claim is given back).
 */
const CLAIM_ALERT = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
local count = redis.call('INCR', KEYS[3])
if count == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
if count > tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return -1
end
redis.call('DEL', KEYS[2])
return 1
`;

/** release-alert: gives a claim back (a delivery that finally failed) if it is still ours. */
const RELEASE_ALERT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export type Claim = 'deliver' | 'deduplicated' | 'rate-limited';

export interface ClaimRequest {
  channel: string;
  /** Whose rate limit it spends: `alerts` (people, monkeys, reverts) or `findings` (report runs' traffic). */
  budget: 'alerts' | 'findings';
  action: 'trigger' | 'resolve';
  incidentKey: string;
  /** Unique per send, so only this send's claim is released. */
  token: string;
  windowMs: number;
  rate: { max: number; perMs: number };
  nowMs: number;
}

/** The fixed window of a rate limit that `nowMs` falls in, and how long until it ends (when a send may try again). */
export function rateWindow(nowMs: number, perMs: number): { index: number; endsInMs: number } {
  const index = Math.floor(nowMs / perMs);
  return { index, endsInMs: (index + 1) * perMs - nowMs };
}

/** Dedup and rate-limit state of the alert gateway, under `<prefix>:alert:`. */
export class AlertLedger {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(channel: string, action: string, incidentKey: string): string {
    return `${this.prefix}:alert:${channel}:${action}:${incidentKey}`;
  }

  async claim(request: ClaimRequest): Promise<Claim> {
    const other = request.action === 'trigger' ? 'resolve' : 'trigger';
    const bucket = rateWindow(request.nowMs, request.rate.perMs).index;
    const keys = [
      this.key(request.channel, request.action, request.incidentKey),
      this.key(request.channel, other, request.incidentKey),
      `${this.prefix}:alert:${request.channel}:rate:${request.budget}:${bucket}`,
    ];
    const result = await safetyCall(this.redis, (redis) =>
      redis.eval(CLAIM_ALERT, 3, ...keys, request.token, request.windowMs, request.rate.max, request.rate.perMs),
    );
    return result === 1 ? 'deliver' : result === 0 ? 'deduplicated' : 'rate-limited';
  }

  async release(request: Pick<ClaimRequest, 'channel' | 'action' | 'incidentKey' | 'token'>): Promise<void> {
    const key = this.key(request.channel, request.action, request.incidentKey);
    await safetyCall(this.redis, (redis) => redis.eval(RELEASE_ALERT, 1, key, request.token));
  }

  /** Gives up an incident's trigger claims on these channels (it got worse): its next send is delivered again. */
  async rearm(incidentKey: string, channels: readonly string[]): Promise<void> {
    if (channels.length === 0) return;
    const keys = channels.map((channel) => this.key(channel, 'trigger', incidentKey));
    await safetyCall(this.redis, (redis) => redis.del(...keys));
  }

  /** What a later resolve needs: the alert, and every channel it went to (added to, across sends). */
  async remember(incidentKey: string, alert: unknown, channels: readonly string[], ttlMs: number): Promise<void> {
    const key = `${this.prefix}:alert:incident:${incidentKey}`;
    await safetyCall(this.redis, async (redis) => {
      const steps = redis.multi().set(key, JSON.stringify(alert), 'PX', ttlMs);
      if (channels.length > 0) steps.sadd(`${key}:channels`, ...channels).pexpire(`${key}:channels`, ttlMs);
      await steps.exec();
    });
  }

  async recall<T>(incidentKey: string): Promise<{ alert: T; channels: string[] } | undefined> {
    const key = `${this.prefix}:alert:incident:${incidentKey}`;
    const [text, channels] = await safetyCall(this.redis, (redis) =>
      Promise.all([redis.get(key), redis.smembers(`${key}:channels`)]),
    );
    return text ? { alert: JSON.parse(text) as T, channels } : undefined;
  }
}
