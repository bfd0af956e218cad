import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { RedisUnreachableError } from '../redis/redis-call.js';
import { describeIssues } from '../run/params.js';

/** Bodies larger than this are refused with 413 before they are parsed (events, alerts, switches are small). */
export const BODY_LIMIT = 64 * 1024;

/** What a refused body's media type is told (415). */
export const SEND_JSON = 'send the body as JSON (Content-Type: application/json)';

/** A bad request: 400 with one sentence naming the field. */
export class BadRequest extends InputError {}

/** Parses a body (or query) with its schema; a bad one throws BadRequest naming the field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, what = 'body'): T {
  const parsed = schema.safeParse(input ?? undefined);
  if (parsed.success) return parsed.data;
  if (input === undefined || input === null) throw new BadRequest(`a JSON ${what} is required`);
  throw new BadRequest(describeIssues(parsed.error.issues));
}

/** Fastify's own refusals, as one sentence each. */
function framework(error: FastifyError): { status: number; message: string } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: `the body is larger than ${BODY_LIMIT} bytes` };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, message: `the body is not valid JSON: ${error.message}` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, message: SEND_JSON };
    default:
      return undefined;
  }
}

/** Every error answers `{ error }`: 400 for bad input, Fastify's 4xx as they are, 500 (logged) for the rest. */
export function registerErrorHandling(app: FastifyInstance, logger: { error: (obj: object, msg: string) => void }) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = framework(error);
    if (known) return reply.code(known.status).send({ error: known.message });
    if (error instanceof InputError) return reply.code(400).send({ error: error.message });
    if (error instanceof RedisUnreachableError) return reply.code(503).send({ error: error.message });
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    logger.error({ err: error, url: request.url }, 'HTTP request failed');
    return reply.code(500).send({ error: 'internal error (see the server log)' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
