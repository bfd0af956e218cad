import { InputError } from '../errors.js';
import type { SimianEvent } from './event.js';
import type { EventFilter } from './event-filter.js';
import type { RedisTimeline } from './timeline.js';

/** The Chronos answer of `GET /api/v1/event`. */
export interface ChronosAnswer {
  /** Id of the newest event returned (a cursor for the next poll), or null. */
  id: string | null;
  count: number;
  /** The window asked for, in epoch milliseconds (null when open). */
  start: number | null;
  end: number | null;
  events: SimianEvent[];
}

export interface ChronosParams {
  /** Comma-separated `kind:value` pairs: all:all, monkey:chaos, group:web-prod, type:Action, resource:i-1. */
  timelines?: string;
  /** Epoch milliseconds or an ISO date. */
  start?: string | number;
  end?: string | number;
  limit?: string | number;
}

const TIMELINE_KINDS = ['monkey', 'group', 'type', 'resource', 'app'] as const;

/** Parses `timelines=` into filters (one per timeline; an event matching any of them is selected). */
export function parseTimelines(timelines: string | undefined): EventFilter[] {
  const parts = (timelines ?? 'all:all')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const filters: EventFilter[] = [];
  for (const part of parts) {
    const [kind, ...rest] = part.split(':');
    const value = rest.join(':');
    if (kind === 'all') return [{}];
    if (!value || !(TIMELINE_KINDS as readonly string[]).includes(kind ?? '')) {
      throw new InputError(
        `timeline "${part}" is not understood (expected all:all or one of ${TIMELINE_KINDS.map((k) => `${k}:<value>`).join(', ')})`,
      );
    }
    filters.push(kind === 'app' ? { group: value } : { [kind as string]: value });
  }
  return filters.length > 0 ? filters : [{}];
}

function parseTime(value: string | number | undefined, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = typeof value === 'number' || /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new InputError(`${name} "${value}" is not a time (epoch ms or ISO-8601)`);
  return date;
}

/** Answers a Chronos-style query over the timeline (the HTTP API and the dashboard call this). */
export async function chronosQuery(timeline: RedisTimeline, params: ChronosParams): Promise<ChronosAnswer> {
  const filters = parseTimelines(params.timelines);
  const since = parseTime(params.start, 'start');
  const until = parseTime(params.end, 'end');
  const limit = params.limit === undefined || params.limit === '' ? 1000 : Number(params.limit);
  if (!Number.isInteger(limit) || limit <= 0) throw new InputError(`limit "${params.limit}" is not a positive integer`);
  const seen = new Map<string, SimianEvent>();
  for (const filter of filters) {
    for (const event of await timeline.query({ ...filter, since, until, limit })) seen.set(event.id ?? '', event);
  }
  const events = [...seen.values()].sort((a, b) => compareIds(a.id ?? '', b.id ?? '')).slice(-limit);
  return {
    id: events[events.length - 1]?.id ?? null,
    count: events.length,
    start: since?.getTime() ?? null,
    end: until?.getTime() ?? null,
    events,
  };
}

/** Orders stream ids ("ms-seq") numerically. */
export function compareIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
