import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from './deps.js';

/** `GET /metrics`: Prometheus text. */
export function registerMetricsRoute(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.text();
    return reply.header('content-type', deps.metrics.contentType).send(text);
  });
}
