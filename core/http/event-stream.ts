import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseTimelines } from '../events/chronos-query.js';
import type { SimianEvent } from '../events/event.js';
import { matchesFilter } from '../events/event-filter.js';
import { bearerMatches } from './bearer.js';
import type { HttpDeps } from './deps.js';
import { parseWith } from './errors.js';
import { documented } from './openapi.js';
import { StreamSlots } from './stream-slots.js';

const streamParams = z.strictObject({
  timelines: z.string().max(2048).optional(),
  /** Resume after this event id (an EventSource sends Last-Event-ID itself on reconnect). */
  after: z
    .string()
    .regex(/^\d+-\d+$/, { error: 'after: expected an event id (1732611111111-0)' })
    .optional(),
});

/** A comment now and then keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

function frame(event: SimianEvent): string {
  return `id: ${event.id ?? ''}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * `GET /api/v1/event/stream?timelines=…`: server-sent events, one `data:` JSON event per event recorded from now on
 * (or after `after`/Last-Event-ID), filtered as the Chronos query filters. Each client follows the Redis stream on a
 * connection of its own (XREAD BLOCK), closed when the client goes or the server closes. The first frame is the
 * comment `: connected`, sent once the starting point is fixed: anything recorded after it is delivered.
 */
export function registerEventStream(app: FastifyInstance, deps: HttpDeps): void {
  const open = new Set<AbortController>();
  const slots = new StreamSlots();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.abort();
  });
  app.get(
    '/api/v1/event/stream',
    documented({
      summary: 'Live events as server-sent events, filtered by timelines',
      tag: 'events',
      access: 'read',
      query: streamParams,
      produces: 'text/event-stream',
      responses: {
        200: 'one data: frame per event',
        400: 'a bad query',
        429: 'this client holds its anonymous streams already',
        503: 'no stream slot left',
      },
    }),
    async (request, reply) => {
      const params = parseWith(streamParams, request.query, 'query');
      const filters = parseTimelines(params.timelines);
      const client = bearerMatches(request.headers.authorization, deps.config().global.http.token)
        ? undefined
        : request.ip;
      const refused = slots.take(client);
      if (refused) return reply.code(refused.status).send({ error: refused.error });
      const abort = new AbortController();
      open.add(abort);
      const release = () => {
        if (open.delete(abort)) slots.release(client);
      };
      const lastEventId = request.headers['last-event-id'];
      const after = await (params.after ??
        (typeof lastEventId === 'string' && /^\d+-\d+$/.test(lastEventId)
          ? lastEventId
          : deps.timeline.lastId().catch((error: unknown) => {
              release();
              throw error;
            })));
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // One response per connection: when the stream ends (server closing), the socket goes with it.
        connection: 'close',
        'x-accel-buffering': 'no',
      });
      raw.write(': connected\n\n');
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
      raw.on('close', () => abort.abort());
      try {
        for await (const event of deps.timeline.follow({ after, signal: abort.signal })) {
          if (filters.some((filter) => matchesFilter(event, filter))) raw.write(frame(event));
        }
      } catch (error) {
        if (!abort.signal.aborted) {
          deps.logger.warn({ err: error }, 'event stream ended');
          raw.write(`event: error\ndata: ${JSON.stringify({ error: 'the timeline is unreachable' })}\n\n`);
        }
      } finally {
        clearInterval(heartbeat);
        release();
        raw.end();
      }
    },
  );
}
