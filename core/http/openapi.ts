import swagger from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import { VERSION } from '../version.js';

/** Who may call a route: anyone, a reader (public unless http.readToken is required), or a token holder. */
export type RouteAccess = 'public' | 'read' | 'token';

/** What a route says of itself for /openapi.json: made from the zod schemas its handler parses with. */
export interface RouteDoc {
  readonly summary: string;
  readonly tag: string;
  readonly access: RouteAccess;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Status code → what it means. */
  readonly responses: Readonly<Record<number, string>>;
  /** The media type of a success when not JSON (text/plain for /metrics, text/event-stream for the stream). */
  readonly produces?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's entry in the OpenAPI document; a route without one is left out of it. */
    openapi?: RouteDoc;
  }
}

/** The `config` of a documented route: `app.get(url, documented({...}), handler)`. */
export function documented(doc: RouteDoc): { config: { openapi: RouteDoc } } {
  return { config: { openapi: doc } };
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** Common answers every route may give, whatever it says. */
const COMMON: Record<number, string> = { 421: 'the Host header names a host not served here (http.allowedHosts)' };

/** A route's OpenAPI schema for @fastify/swagger, from its RouteDoc (used for the document only, never to validate). */
function openApiSchema(doc: RouteDoc): Record<string, unknown> {
  const responses = Object.fromEntries(
    Object.entries({
      ...doc.responses,
      ...(doc.access === 'token' ? { 401: 'no bearer token, or a wrong one' } : {}),
      ...COMMON,
    }).map(([status, description]) => [
      status,
      Number(status) < 300 && doc.produces
        ? { description, content: { [doc.produces]: { schema: { type: 'string' } } } }
        : { description, content: { 'application/json': { schema: { type: 'object' } } } },
    ]),
  );
  return {
    summary: doc.summary,
    tags: [doc.tag],
    ...(doc.access === 'public' ? { security: [] } : doc.access === 'token' ? { security: [{ bearer: [] }] } : {}),
    ...(doc.query ? { querystring: jsonSchema(doc.query) } : {}),
    ...(doc.body ? { body: jsonSchema(doc.body) } : {}),
    response: responses,
  };
}

/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of every documented route, generated at start from the routes'
 * own RouteDoc (their zod schemas as JSON Schema). Registered before the routes, so it sees each one added.
 * The schemas go to the document only: handlers keep validating with zod, so answers stay as they were.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'simian',
        version: VERSION,
        description: 'The HTTP API of simian serve / simian up (docs/http.md).',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'http.token' } },
      },
    },
    hideUntagged: true,
    transform: ({ route, url }: { route: RouteOptions; url: string }) => {
      const doc = route.config?.openapi;
      return { schema: doc ? openApiSchema(doc) : { hide: true }, url };
    },
  });
  app.get(
    '/openapi.json',
    documented({
      summary: 'This document (OpenAPI 3.1)',
      tag: 'meta',
      access: 'read',
      responses: { 200: 'the OpenAPI document' },
    }),
    async () => app.swagger(),
  );
}
