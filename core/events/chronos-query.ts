import { InputError } from '../errors.js';
import { parseChronosTime } from './chronos-time.js';
import type { SimianEvent } from './event.js';
import type { EventFilter } from './event-filter.js';
import type { RedisTimeline } from './timeline.js';

/**
 * The Chronos answer of `GET /api/v1/event`, as the talk shows it: `id` names the timeline asked for, `start` and
 * `end` the window the events were read from (epoch ms). The polling cursor is a field of its own.
 */
export interface ChronosAnswer {
  /** The timelines asked for, as asked: "all:all", "monkey:chaos", "type:Skip,monkey:gorilla". */
  id: string;
  count: number;
  /** The window covered, in epoch milliseconds: every event returned was recorded within it. */
  start: number;
  end: number;
  events: SimianEvent[];
  /** The newest event id returned (else the `after` given, else null): pass it back as `after` to poll. */
  cursor: string | null;
}

export interface ChronosParams {
  /** Comma-separated `kind:value` pairs: all:all, monkey:chaos, group:web-prod, type:Action, resource:i-1. */
  timelines?: string;
  /** Epoch seconds or milliseconds, the talk's yyyyMMddHHmm…, or an ISO date (see parseChronosTime). */
  start?: string | number;
  end?: string | number;
  limit?: string | number;
  /** Only events after this event id (a previous answer's cursor). */
  after?: string;
}

const TIMELINE_KINDS = ['monkey', 'group', 'type', 'resource', 'app'] as const;
export const EVENT_ID = /^\d+-\d+$/;

function timelineParts(timelines: string | undefined): string[] {
  const parts = (timelines ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.length > 0 ? parts : ['all:all'];
}

/** Parses `timelines=` into filters (one per timeline; an event matching any of them is selected). */
export function parseTimelines(timelines: string | undefined): EventFilter[] {
  const filters: EventFilter[] = [];
  for (const part of timelineParts(timelines)) {
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
  return filters;
}

/** When an event was recorded (its stream id's milliseconds). */
export function recordedAt(event: SimianEvent): number {
  return Number(event.id?.split('-')[0] ?? Number.NaN);
}

export interface ChronosWindow {
  /** The start asked for (epoch ms), if any. */
  readonly since?: number;
  readonly until?: number;
  readonly after?: string;
  /** When the query ran, and how far back the timeline keeps events: the window when none is asked for. */
  readonly now: number;
  readonly retentionMs: number;
  /** Whether older matching events were left out by the limit: the window then starts at the oldest returned. */
  readonly truncated: boolean;
}

/** The answer for events already selected: the window they cover and the cursor to poll from. */
export function chronosAnswer(id: string, events: SimianEvent[], window: ChronosWindow): ChronosAnswer {
  const oldest = events[0] ? recordedAt(events[0]) : undefined;
  const afterMs = window.after ? Number(window.after.split('-')[0]) : undefined;
  const asked = Math.max(window.since ?? Number.NEGATIVE_INFINITY, afterMs ?? Number.NEGATIVE_INFINITY);
  const open = Number.isFinite(asked) ? asked : window.now - window.retentionMs;
  const start = window.truncated && oldest !== undefined ? oldest : Math.min(open, oldest ?? open);
  const newest = events[events.length - 1];
  return {
    id,
    count: events.length,
    start,
    end: window.until ?? Math.max(window.now, newest ? recordedAt(newest) : window.now),
    events,
    cursor: newest?.id ?? window.after ?? null,
  };
}

function parseLimit(limit: string | number | undefined): number {
  if (limit === undefined || limit === '') return 1000;
  const value = Number(limit);
  if (!Number.isInteger(value) || value <= 0) throw new InputError(`limit "${limit}" is not a positive integer`);
  return value;
}

/** Answers a Chronos-style query over the timeline (the HTTP API and the dashboard call this). */
export async function chronosQuery(
  timeline: RedisTimeline,
  params: ChronosParams,
  now: Date = new Date(),
): Promise<ChronosAnswer> {
  const filters = parseTimelines(params.timelines);
  const since = parseChronosTime(params.start, 'start');
  const until = parseChronosTime(params.end, 'end');
  const limit = parseLimit(params.limit);
  if (params.after !== undefined && !EVENT_ID.test(params.after)) {
    throw new InputError(`after: expected an event id (a previous answer's cursor, e.g. 1732611111111-0)`);
  }
  const range = {
    ...(since !== undefined ? { since: new Date(since) } : {}),
    ...(until !== undefined ? { until: new Date(until) } : {}),
    ...(params.after ? { after: params.after } : {}),
  };
  const seen = new Map<string, SimianEvent>();
  // One more than asked: whether the limit left older events out decides where the window starts.
  for (const filter of filters) {
    for (const event of await timeline.query({ ...filter, ...range, limit: limit + 1 })) {
      seen.set(event.id ?? '', event);
    }
  }
  const matched = [...seen.values()].sort((a, b) => compareIds(a.id ?? '', b.id ?? ''));
  return chronosAnswer(timelineParts(params.timelines).join(','), matched.slice(-limit), {
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(params.after ? { after: params.after } : {}),
    now: now.getTime(),
    retentionMs: timeline.retentionMs,
    truncated: matched.length > limit,
  });
}

/** Orders stream ids ("ms-seq") numerically. */
export function compareIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
