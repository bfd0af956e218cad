import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from './deps.js';
import { documented } from './openapi.js';

/** `GET /metrics`: Prometheus text. */
export function registerMetricsRoute(app: FastifyInstance, deps: HttpDeps): void {
  app.get(
    '/metrics',
    documented({
      summary: "The fleet's Prometheus metrics (counters of every process, kept in Redis)",
      tag: 'status',
      access: 'read',
      produces: 'text/plain',
      responses: { 200: 'Prometheus text (version 0.0.4)' },
    }),
    async (_request, reply) => {
      const text = await deps.metrics.text();
      return reply.header('content-type', deps.metrics.contentType).send(text);
    },
  );
}
