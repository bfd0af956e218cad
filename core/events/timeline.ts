import { type Clock, systemClock } from '../clock.js';
import type { RedisClient } from '../redis/connection.js';
import { DEFAULT_REDIS_TIMEOUT_MS, safetyCall } from '../redis/redis-call.js';
import type { EventSink, SimianEvent } from './event.js';
import { decodeEvent, encodeEvent } from './event-fields.js';
import { type EventFilter, matchesFilter } from './event-filter.js';

export interface TimelineOptions {
  /** Redis key prefix (config redis.prefix); the stream is `<prefix>:events`. */
  prefix: string;
  /** Approximate cap on the number of events kept (config events.maxLength). */
  maxLength?: number;
  /** Events older than this (ms) are trimmed (config events.retention). */
  retentionMs?: number;
  clock?: Clock;
  /** Deadline of each Redis step: an unreachable Redis fails a recording or query instead of holding it up. */
  timeoutMs?: number;
}

export interface TimelineQuery extends EventFilter {
  since?: Date;
  until?: Date;
  /** Only events recorded after this stream id (a poller's cursor). */
  after?: string;
  /** The newest `limit` matching events (default 1000). */
  limit?: number;
}

export interface FollowOptions extends EventFilter {
  /** Stream id to read after; by default only events recorded after follow() starts. */
  after?: string;
  /** Stops the iteration (it also stops when the consumer breaks out of its loop). */
  signal?: AbortSignal;
  /** How long one XREAD blocks before checking the signal again. */
  blockMs?: number;
}

type StreamEntry = [id: string, fields: string[]];
const PAGE = 500;

/** The timeline: every event in one Redis stream, capped by length and age, queryable and followable. */
export class RedisTimeline implements EventSink {
  readonly key: string;
  private readonly maxLength: number;
  /** How long events are kept (ms): an open query covers this far back. */
  readonly retentionMs: number;
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(
    private readonly redis: RedisClient,
    options: TimelineOptions,
  ) {
    this.key = `${options.prefix}:events`;
    this.maxLength = options.maxLength ?? 100_000;
    this.retentionMs = options.retentionMs ?? 30 * 86_400_000;
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  }

  /** Appends one event; approximate trims (whole stream nodes) keep this cheap. */
  async record(event: SimianEvent): Promise<void> {
    await this.append(event);
  }

  /** Appends one event and returns its stream id (the id the Chronos API answers with). */
  async append(event: SimianEvent): Promise<string> {
    const timestamp = event.timestamp ?? this.clock.now().toISOString();
    return this.call((redis) =>
      redis
        .multi()
        .xadd(this.key, 'MAXLEN', '~', this.maxLength, '*', ...encodeEvent(event, timestamp))
        .xtrim(this.key, 'MINID', '~', this.minId())
        .exec()
        .then((results) => {
          throwFirstError(results);
          return String(results?.[0]?.[1]);
        }),
    );
  }

  /** Removes every event past the retention exactly (record() only trims whole stream nodes). Returns the count. */
  async trim(): Promise<number> {
    return this.call((redis) => redis.xtrim(this.key, 'MINID', this.minId()));
  }

  /** Matching events, oldest first: the newest `limit` of them within [since, until] (recording time). */
  async query(query: TimelineQuery = {}): Promise<SimianEvent[]> {
    const limit = query.limit ?? 1000;
    const start = startBound(query);
    let end = query.until ? `${query.until.getTime()}-18446744073709551615` : '+';
    const found: SimianEvent[] = [];
    // Newest first, a page at a time, until enough match or the range is exhausted.
    while (found.length < limit) {
      const page = (await this.call((redis) => redis.xrevrange(this.key, end, start, 'COUNT', PAGE))) as StreamEntry[];
      for (const [id, fields] of page) {
        const event = decodeEvent(id, fields);
        if (matchesFilter(event, query)) found.push(event);
        if (found.length >= limit) break;
      }
      const last = page[page.length - 1];
      if (page.length < PAGE || !last) break;
      end = `(${last[0]}`;
    }
    return found.reverse();
  }

  /** The id of the newest event, or "0-0" for an empty timeline. */
  async lastId(): Promise<string> {
    const newest = (await this.call((redis) => redis.xrevrange(this.key, '+', '-', 'COUNT', 1))) as StreamEntry[];
    return newest[0]?.[0] ?? '0-0';
  }

  /**
   * New events as they are recorded (XREAD BLOCK on a connection of its own, closed when the iteration ends).
   * The starting point is read before the first await, so an event recorded right after follow() starts is seen.
   */
  async *follow(options: FollowOptions = {}): AsyncGenerator<SimianEvent> {
    let cursor = options.after ?? (await this.lastId());
    const reader = this.redis.duplicate();
    const stop = () => reader.disconnect();
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      while (!options.signal?.aborted) {
        const reply = (await reader
          .xread('BLOCK', options.blockMs ?? 5000, 'STREAMS', this.key, cursor)
          .catch((error: unknown) => {
            if (options.signal?.aborted) return null;
            throw error;
          })) as [string, StreamEntry[]][] | null;
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            cursor = id;
            const event = decodeEvent(id, fields);
            if (matchesFilter(event, options)) yield event;
          }
        }
      }
    } finally {
      options.signal?.removeEventListener('abort', stop);
      reader.disconnect();
    }
  }

  /** One Redis step with a deadline: an unreachable Redis is an error, never a hang. */
  private call<T>(step: (redis: RedisClient) => Promise<T>): Promise<T> {
    return safetyCall(this.redis, step, this.timeoutMs);
  }

  private minId(): string {
    return `${Math.max(0, this.clock.now().getTime() - this.retentionMs)}-0`;
  }
}

/** The oldest end of a query's range: after the cursor or from `since`, whichever is later. */
function startBound(query: TimelineQuery): string {
  const since = query.since ? `${query.since.getTime()}-0` : undefined;
  if (!query.after) return since ?? '-';
  const afterMs = Number(query.after.split('-')[0]);
  return since && query.since && query.since.getTime() > afterMs ? since : `(${query.after}`;
}

function throwFirstError(results: [Error | null, unknown][] | null): void {
  for (const [error] of results ?? []) if (error) throw error;
}

/** The timeline as configured (redis.prefix, events.maxLength, events.retention). */
export function timelineFromConfig(
  redis: RedisClient,
  config: { redis: { prefix: string }; events: { maxLength: number; retention: number } },
  clock?: Clock,
): RedisTimeline {
  return new RedisTimeline(redis, {
    prefix: config.redis.prefix,
    maxLength: config.events.maxLength,
    retentionMs: config.events.retention,
    ...(clock ? { clock } : {}),
  });
}
