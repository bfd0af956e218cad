import type { RedisClient } from '../redis/connection.js';
import type { PlannedRun } from './daily-plan.js';

const PLANNED_MARKER = '_plannedAt';
const KEEP_SECONDS = 8 * 86_400;

/**
 * Stores a day's plan only if none is stored yet, and answers the stored one: whoever plans first wins, so two
 * schedulers or a retried job can never enqueue two different plans for the same day. A plan an older simian
 * stored under the legacy key (KEYS[2], only read) counts as stored.
 */
const STORE_ONCE = `
if redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.call('HGETALL', KEYS[2])
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 2))
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return redis.call('HGETALL', KEYS[1])
`;

/** The day's plan: every planned run of every monkey that plans its day. */
export function planKey(prefix: string, day: string): string {
  return `${prefix}:daily-plan:${day}`;
}

/**
 * Compat: where simian kept the day's plan when only Chaos planned its day. Read (never written) so a day planned
 * before an upgrade is not planned a second time; such a key expires within 8 days, then this can go.
 */
export function legacyPlanKey(prefix: string, day: string): string {
  return `${prefix}:chaos-plan:${day}`;
}

function parse(flat: string[]): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (let index = 0; index < flat.length; index += 2) {
    if (flat[index] === PLANNED_MARKER) continue;
    runs.push(JSON.parse(flat[index + 1] as string) as PlannedRun);
  }
  return runs.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** Stores `runs` as the day's plan unless a plan exists; returns the plan that is stored. */
export async function storePlanOnce(
  redis: RedisClient,
  prefix: string,
  day: string,
  runs: readonly PlannedRun[],
  plannedAt: Date,
): Promise<PlannedRun[]> {
  const fields = [PLANNED_MARKER, plannedAt.toISOString(), ...runs.flatMap((run) => [run.id, JSON.stringify(run)])];
  const keys = [planKey(prefix, day), legacyPlanKey(prefix, day)];
  const flat = (await redis.eval(STORE_ONCE, keys.length, ...keys, KEEP_SECONDS, ...fields)) as string[];
  return parse(flat);
}

/** The stored plan of a day (under either key); null when the day has not been planned yet. */
export async function readPlan(redis: RedisClient, prefix: string, day: string): Promise<PlannedRun[] | null> {
  for (const key of [legacyPlanKey(prefix, day), planKey(prefix, day)]) {
    const hash = await redis.hgetall(key);
    if (Object.keys(hash).length > 0) return parse(Object.entries(hash).flat());
  }
  return null;
}
