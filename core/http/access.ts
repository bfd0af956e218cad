import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerMatches } from './bearer.js';
import type { HttpDeps } from './deps.js';

/** Methods that only read: every other method changes state and needs the token, whoever registered the route. */
export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** Always open: a load balancer's health probe carries no token. */
const ALWAYS_PUBLIC = new Set(['/healthcheck']);

/** Whether a request needs the bearer token: every write, and reads when `http.readToken` is `required`. */
export function needsToken(request: FastifyRequest, readToken: 'public' | 'required'): boolean {
  if (!READ_METHODS.has(request.method)) return true;
  if (ALWAYS_PUBLIC.has(request.routeOptions.url ?? '')) return false;
  return readToken === 'required';
}

/**
 * One gate for the whole server, before any body is read: a request that needs the token and lacks it gets 401
 * and reaches no handler, so nothing changes. It holds for routes registered later too (dashboard, bull-board).
 */
export function registerAccess(app: FastifyInstance, deps: Pick<HttpDeps, 'config'>): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const http = deps.config().global.http;
    if (!needsToken(request, http.readToken)) return;
    if (bearerMatches(request.headers.authorization, http.token)) return;
    const what = READ_METHODS.has(request.method) ? 'to read (http.readToken is required)' : 'for any change';
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="simian"')
      .send({ error: `a bearer token (http.token) is required ${what}` });
  });
}
