import type { Command } from 'commander';
import { parseDuration } from '../../config/duration.js';
import { InputError } from '../../errors.js';
import { type ChronosAnswer, type ChronosWindow, chronosAnswer } from '../../events/chronos-query.js';
import type { SimianEvent } from '../../events/event.js';
import type { EventFilter } from '../../events/event-filter.js';
import { type CommonOptions, withCommonOptions } from '../options.js';

interface EventsOptions extends CommonOptions {
  follow?: boolean;
  monkey?: string;
  group?: string;
  type?: string;
  resource?: string;
  since?: string;
  limit: string;
}

/** "1h" (that long ago) or an ISO date. */
function parseSince(text: string, now: Date): Date {
  const ms = parseDuration(text);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new InputError(
      `--since "${text}" is neither a duration (e.g. 30m, 1h, 2d) nor a date (e.g. 2026-11-26T09:00:00Z)`,
    );
  }
  return date;
}

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit <= 0) throw new InputError(`--limit "${text}" is not a positive whole number`);
  return limit;
}

/** One event as one line: readable, or one JSON object (JSON Lines, for --follow). */
const printLine = (event: SimianEvent, json: boolean | undefined, format: (event: SimianEvent) => string) =>
  process.stdout.write(`${json ? JSON.stringify(event) : format(event)}\n`);

/**
 * The timeline a filter reads, named as the Chronos `id` names one: "all:all", "monkey:chaos", and for several
 * options (every one must match) their timelines joined by "+": "monkey:chaos+group:web-prod".
 */
export function timelineId(filter: EventFilter): string {
  const parts = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([kind, value]) => `${kind}:${value}`);
  return parts.length > 0 ? parts.join('+') : 'all:all';
}

/** The past events as one JSON document, shaped as the Chronos answer of GET /api/v1/event. */
export function eventsDocument(
  events: SimianEvent[],
  filter: EventFilter,
  window: Omit<ChronosWindow, 'until' | 'after'>,
): ChronosAnswer {
  return chronosAnswer(timelineId(filter), events, window);
}

/**
 * What an empty readable answer says on stderr (stdout stays empty for scripts): that nothing matched, and for a
 * --type simian never records, which types it does (posted events may carry others, so it is not an error).
 */
export function nothingMatched(type: string | undefined, known: readonly string[]): string {
  const hint = type !== undefined && !known.includes(type) ? `; simian records the types ${known.join(', ')}` : '';
  return `simian: no events match${hint}\n`;
}

/** What stderr says when --limit left older events out (stdout keeps only the events). */
export function olderLeftOut(limit: number): string {
  return `simian: showing the newest ${limit} events; older ones match too (--limit or --since to see them)\n`;
}

const JSON_HELP =
  'one JSON document {id, count, start, end, events, cursor}; with --follow one JSON object per line (JSON Lines)';

/**
 * `simian events`: the timeline, a readable line per event, or with --json one JSON document (the Chronos answer);
 * `--follow` keeps printing new ones, with --json as JSON Lines (a stream has no end to close a document with).
 */
export function register(program: Command): void {
  const command = withCommonOptions(
    program.command('events').description('show the event timeline (plans, skips, actions, reverts)'),
  );
  const json = command.options.find((option) => option.long === '--json');
  if (json) json.description = JSON_HELP;
  command
    .option('-f, --follow', 'keep printing new events until interrupted')
    .option('--monkey <name>', 'only events of this monkey')
    .option('--group <name>', 'only events of this group')
    .option('--type <type>', 'only events of this type (Plan, Skip, Action, Failure, Refused, Revert, KillSwitch ...)')
    .option('--resource <id>', 'only events about this resource')
    .option('--since <when>', 'only events since a duration ago (30m, 1h, 2d) or a date')
    .option('--limit <n>', 'at most this many past events (the newest)', '100')
    .action(async (options: EventsOptions) => {
      const limit = parseLimit(options.limit);
      const since = options.since ? parseSince(options.since, new Date()) : undefined;
      const [{ openCliContext }, { timelineFromConfig }, { formatEvent }, { EVENT_TYPES }] = await Promise.all([
        import('../context.js'),
        import('../../events/timeline.js'),
        import('../../events/format-event.js'),
        import('../../events/event.js'),
      ]);
      const context = openCliContext(options);
      const filter = { monkey: options.monkey, group: options.group, type: options.type, resource: options.resource };
      const timeline = timelineFromConfig(context.redis(), context.config.global);
      const abort = new AbortController();
      const stop = () => abort.abort();
      try {
        // One more than asked: whether the limit left older events out decides where the window starts.
        const found = await timeline.query({ ...filter, since, limit: limit + 1 });
        const past = found.slice(-limit);
        if (options.json && !options.follow) {
          const window = {
            ...(since ? { since: since.getTime() } : {}),
            now: Date.now(),
            retentionMs: timeline.retentionMs,
            truncated: found.length > limit,
          };
          process.stdout.write(`${JSON.stringify(eventsDocument(past, filter, window), null, 2)}\n`);
          return;
        }
        for (const event of past) printLine(event, options.json, formatEvent);
        if (past.length === 0 && !options.json)
          process.stderr.write(nothingMatched(options.type, Object.values(EVENT_TYPES)));
        if (found.length > limit) process.stderr.write(olderLeftOut(limit));
        if (!options.follow) return;
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const after = past[past.length - 1]?.id ?? (await timeline.lastId());
        for await (const event of timeline.follow({ ...filter, after, signal: abort.signal }))
          printLine(event, options.json, formatEvent);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await context.close();
      }
    });
}
