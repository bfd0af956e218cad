import { z } from 'zod';
import type { RecordStore } from '../../../core/actuator/effect.js';
import { safetyCall } from '../../../core/redis/redis-call.js';
import { JANITOR_RESOURCE_TYPES } from './janitor-types.js';

const iso = z.iso.datetime();

/**
 * One resource as the Janitor itself marked it: the rule, its dates, whom its notices go to, and whom it told when
 * (both null until a digest was delivered). The lifecycle tags are its public mirror; a deletion needs both to agree.
 */
export const janitorMarkRecord = z.strictObject({
  account: z.string().min(1),
  region: z.string().min(1),
  resource: z.string().min(1),
  resourceType: z.enum(JANITOR_RESOURCE_TYPES),
  rule: z.string().min(1),
  markedAt: iso,
  deleteAfter: iso,
  /** Whom the notices go to, as the plan saw it when it marked (owner tag, else a fallback; null: unowned). */
  owner: z.string().min(1).nullable(),
  notifiedOwner: z.string().min(1).nullable(),
  notifiedAt: iso.nullable(),
});
export type JanitorMarkRecord = z.infer<typeof janitorMarkRecord>;

/** One hash for every account and region (a single key: its multi-field writes stay atomic on a Redis Cluster too). */
function marksKey(store: RecordStore): string {
  return `${store.prefix}:janitor:marks`;
}

function fieldOf(where: Pick<JanitorMarkRecord, 'account' | 'region' | 'resource'>): string {
  return `${where.account}|${where.region}|${where.resource}`;
}

/** Parses one stored entry; an unreadable one counts as no record (its resource's clock then restarts). */
function parsed(text: string): JanitorMarkRecord | null {
  try {
    const answer = janitorMarkRecord.safeParse(JSON.parse(text));
    return answer.success ? answer.data : null;
  } catch {
    return null;
  }
}

/** Writes (or overwrites) these entries at once; writing an entry again changes nothing (idempotent). */
export async function writeMarkRecords(store: RecordStore, records: readonly JanitorMarkRecord[]): Promise<void> {
  if (records.length === 0) return;
  const fields = Object.fromEntries(records.map((record) => [fieldOf(record), JSON.stringify(record)]));
  await safetyCall(store.redis, (redis) => redis.hset(marksKey(store), fields));
}

/** Forgets these resources' marks (unmarked or deleted); forgetting an absent one changes nothing. */
export async function clearMarkRecords(
  store: RecordStore,
  where: { readonly account: string; readonly region: string },
  resources: readonly string[],
): Promise<void> {
  if (resources.length === 0) return;
  const fields = resources.map((resource) => fieldOf({ ...where, resource }));
  await safetyCall(store.redis, (redis) => redis.hdel(marksKey(store), ...fields));
}

/** Every mark the Janitor holds, in every account and region (the dashboard's table). */
export async function readAllMarkRecords(store: RecordStore): Promise<JanitorMarkRecord[]> {
  const hash = await safetyCall(store.redis, (redis) => redis.hgetall(marksKey(store)));
  return Object.values(hash).flatMap((text) => parsed(text) ?? []);
}

/** The marks of one account and region, by resource id. */
export async function readMarkRecords(
  store: RecordStore,
  where: { readonly account: string; readonly region: string },
): Promise<Map<string, JanitorMarkRecord>> {
  const all = await readAllMarkRecords(store);
  return new Map(
    all
      .filter((record) => record.account === where.account && record.region === where.region)
      .map((record) => [record.resource, record]),
  );
}

/** The marks of these resources (one HMGET), by resource id; absent: not marked by the Janitor. */
export async function readMarkRecordsOf(
  store: RecordStore,
  where: { readonly account: string; readonly region: string },
  resources: readonly string[],
): Promise<Map<string, JanitorMarkRecord>> {
  if (resources.length === 0) return new Map();
  const fields = resources.map((resource) => fieldOf({ ...where, resource }));
  const texts = await safetyCall(store.redis, (redis) => redis.hmget(marksKey(store), ...fields));
  const found = new Map<string, JanitorMarkRecord>();
  for (const [index, text] of texts.entries()) {
    const record = text ? parsed(text) : null;
    if (record) found.set(resources[index] as string, record);
  }
  return found;
}
