import type { Redis } from 'ioredis';
import type { PlannedKill } from './daily-plan.js';

const PLANNED_MARKER = '_plannedAt';
const KEEP_SECONDS = 8 * 86_400;

/**
 * Stores a day's plan only if none is stored yet, and answers the stored one: whoever plans first wins, so two
 * schedulers or a retried job can never enqueue two different plans for the same day.
 */
const STORE_ONCE = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 2))
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return redis.call('HGETALL', KEYS[1])
`;

export function planKey(prefix: string, day: string): string {
  return `${prefix}:chaos-plan:${day}`;
}

function parse(flat: string[]): PlannedKill[] {
  const kills: PlannedKill[] = [];
  for (let index = 0; index < flat.length; index += 2) {
    if (flat[index] === PLANNED_MARKER) continue;
    kills.push(JSON.parse(flat[index + 1] as string) as PlannedKill);
  }
  return kills.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** Stores `kills` as the day's plan unless a plan exists; returns the plan that is stored. */
export async function storePlanOnce(
  redis: Redis,
  prefix: string,
  day: string,
  kills: readonly PlannedKill[],
  plannedAt: Date,
): Promise<PlannedKill[]> {
  const fields = [PLANNED_MARKER, plannedAt.toISOString(), ...kills.flatMap((kill) => [kill.id, JSON.stringify(kill)])];
  const flat = (await redis.eval(STORE_ONCE, 1, planKey(prefix, day), KEEP_SECONDS, ...fields)) as string[];
  return parse(flat);
}

/** The stored plan of a day; null when the day has not been planned yet. */
export async function readPlan(redis: Redis, prefix: string, day: string): Promise<PlannedKill[] | null> {
  const hash = await redis.hgetall(planKey(prefix, day));
  if (Object.keys(hash).length === 0) return null;
  return parse(Object.entries(hash).flat());
}
