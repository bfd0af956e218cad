import type { MonkeyName } from '../config/schema.js';
import type { SimianEvent } from './event.js';

/** Fields kept flat in the stream entry (readable with redis-cli); everything else travels as JSON in `data`. */
const FLAT_FIELDS = [
  'type',
  'app',
  'desc',
  'monkey',
  'dryRun',
  'resource',
  'group',
  'region',
  'zone',
  'account',
] as const;
const NULLABLE = new Set(['monkey', 'resource', 'group', 'region', 'zone', 'account']);

/** A stream entry's field/value list for one event. */
export function encodeEvent(event: SimianEvent, timestamp: string): string[] {
  const fields: string[] = [];
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'id' || key === 'timestamp' || (FLAT_FIELDS as readonly string[]).includes(key)) continue;
    if (value !== undefined) extra[key] = value;
  }
  for (const key of FLAT_FIELDS) {
    const value = event[key];
    if (value === undefined) continue;
    fields.push(key, value === null ? '' : String(value));
  }
  fields.push('timestamp', timestamp, 'data', JSON.stringify(extra));
  return fields;
}

/** The event of one stream entry ([id, [field, value, ...]] as XRANGE/XREAD return it). */
export function decodeEvent(id: string, fields: readonly string[]): SimianEvent {
  const flat = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2)
    flat.set(fields[index] as string, fields[index + 1] as string);
  const nullable = (key: string) => {
    const value = flat.get(key);
    return value === undefined || (value === '' && NULLABLE.has(key)) ? null : value;
  };
  let extra: Record<string, unknown> = {};
  try {
    extra = JSON.parse(flat.get('data') ?? '{}') as Record<string, unknown>;
  } catch {
    extra = { data: flat.get('data') };
  }
  const app = flat.get('app');
  return {
    ...extra,
    id,
    type: flat.get('type') ?? 'Unknown',
    ...(app !== undefined ? { app } : {}),
    desc: flat.get('desc') ?? '',
    monkey: nullable('monkey') as MonkeyName | null,
    dryRun: flat.get('dryRun') === 'true',
    resource: nullable('resource'),
    group: nullable('group'),
    region: nullable('region'),
    zone: nullable('zone'),
    account: nullable('account'),
    timestamp: flat.get('timestamp') ?? new Date(streamIdTime(id)).toISOString(),
  };
}

/** Milliseconds of a stream id ("1732611111111-0"). */
export function streamIdTime(id: string): number {
  return Number(id.split('-')[0]);
}
