import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from './deps.js';
import { checkHealth } from './health.js';
import { prefersHtml } from './html.js';
import { documented } from './openapi.js';
import { statusDocument } from './status.js';
import { STATUS_CSS, statusPage } from './status-page.js';

/** `GET /healthcheck` (200, or 503 with the reason when Redis is out of reach) and `GET /status` (HTML or JSON). */
export function registerStatusRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get(
    '/healthcheck',
    documented({
      summary: 'Whether this process can reach Redis',
      tag: 'status',
      access: 'public',
      responses: { 200: '{ status: ok }', 503: '{ status: unavailable, reason }: Redis is out of reach' },
    }),
    async (_request, reply) => {
      const health = await checkHealth(deps.redis);
      if (!health.healthy) deps.logger.warn({ reason: health.reason }, 'healthcheck failed');
      return reply
        .code(health.healthy ? 200 : 503)
        .send(health.healthy ? { status: 'ok' } : { status: 'unavailable', reason: health.reason });
    },
  );
  // A browser (Accept: text/html first) gets the talk's table; anything else the JSON document.
  app.get(
    '/status',
    documented({
      summary: 'Version, region and every config key with its value and source (secrets redacted); HTML to a browser',
      tag: 'status',
      access: 'read',
      responses: { 200: 'the status document' },
    }),
    async (request, reply) => {
      const status = statusDocument(deps.config(), { startedAt: deps.startedAt, now: new Date() });
      reply.header('vary', 'Accept');
      if (!prefersHtml(request.headers.accept)) return reply.send(status);
      return reply.type('text/html; charset=utf-8').send(statusPage(status));
    },
  );
  app.get('/status.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(STATUS_CSS));
}
