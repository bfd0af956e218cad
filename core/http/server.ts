import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load.js';
import type { AlertGateway } from '../notify/gateway.js';
import { registerAlertRoutes } from './alert-route.js';
import { type DashboardDeps, registerDashboard } from './dashboard/index.js';
import { checkHealth } from './health.js';
import type { FleetMetrics } from './metrics.js';
import { statusDocument } from './status.js';

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  /** The config as last loaded (a scheduler reload replaces it). */
  readonly config: () => LoadedConfig;
  readonly redis: Redis;
  readonly metrics: FleetMetrics;
  readonly logger: Logger;
  /** The alert gateway behind `POST /api/v1/alert`; absent: the route is not served. */
  readonly alerts?: AlertGateway;
  /** What the dashboard (GET / and /api/v1/dashboard/*) reads; absent: no dashboard. */
  readonly dashboard?: DashboardDeps;
}

export interface HttpServer {
  /** `http://host:port` as bound (port 0 picks a free one). */
  readonly url: string;
  close(): Promise<void>;
}

/** The HTTP side of `simian up` and `simian serve`: /healthcheck, /status, /metrics, and POST /api/v1/alert. */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({ logger: false });
  app.get('/healthcheck', async (_request, reply) => {
    const health = await checkHealth(options.redis);
    if (!health.healthy) options.logger.warn({ reason: health.reason }, 'healthcheck failed');
    return reply
      .code(health.healthy ? 200 : 503)
      .send(health.healthy ? { status: 'ok' } : { status: 'unavailable', reason: health.reason });
  });
  app.get('/status', async () => statusDocument(options.config()));
  if (options.alerts) registerAlertRoutes(app, options.alerts, () => options.config().global.http.token);
  app.get('/metrics', async (_request, reply) => {
    const text = await options.metrics.text();
    return reply.header('content-type', options.metrics.contentType).send(text);
  });
  // Last: its stand-in routes give way to any served above.
  registerDashboard(app, options);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  options.logger.info({ url }, 'HTTP server listening');
  return { url, close: () => app.close() };
}
