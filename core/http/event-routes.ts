import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { chronosQuery } from '../events/chronos-query.js';
import type { HttpDeps } from './deps.js';
import { parseWith } from './errors.js';
import { documented } from './openapi.js';
import { eventOf, postedEventSchema } from './posted-event.js';

const queryParams = z.strictObject({
  timelines: z.string().max(2048).optional(),
  start: z.string().max(64).optional(),
  end: z.string().max(64).optional(),
  limit: z.string().max(16).optional(),
  after: z.string().max(64).optional(),
});

/**
 * The Chronos API over the one timeline: `POST /api/v1/event` records an event from anyone (deploys, incidents,
 * the monkeys themselves) and answers 201 with it as recorded; `GET /api/v1/event?timelines=…&start=…&end=…&limit=…`
 * answers the talk's `{ id, count, start, end, events }` (`id` the timelines asked for, `start`/`end` the window in
 * epoch ms) and `cursor`, the newest event's id: `&after=<cursor>` polls for what came since.
 */
export function registerEventRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.post(
    '/api/v1/event',
    documented({
      summary: 'Record an event (the Chronos body: type, app, desc and any extra fields)',
      tag: 'events',
      access: 'token',
      body: postedEventSchema,
      responses: {
        201: 'the event as recorded, with its id',
        400: 'a bad body, naming the field',
        413: 'too large',
        415: 'not JSON',
      },
    }),
    async (request, reply) => {
      const posted = eventOf(parseWith(postedEventSchema, request.body));
      const event = { ...posted, timestamp: posted.timestamp ?? new Date().toISOString() };
      const id = await deps.timeline.append(event);
      return reply.code(201).send({ ...event, id });
    },
  );
  app.get(
    '/api/v1/event',
    documented({
      summary: 'Read timelines: { id, count, start, end, events, cursor }',
      tag: 'events',
      access: 'read',
      query: queryParams,
      responses: { 200: 'the Chronos answer', 400: 'a bad query, naming the parameter' },
    }),
    async (request) => chronosQuery(deps.timeline, parseWith(queryParams, request.query, 'query')),
  );
}
