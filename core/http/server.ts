import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { systemClock } from '../clock.js';
import type { LoadedConfig } from '../config/load.js';
import { type RedisTimeline, timelineFromConfig } from '../events/timeline.js';
import type { AlertGateway } from '../notify/gateway.js';
import type { FleetQueue } from '../queue/fleet-queue.js';
import type { RedisClient } from '../redis/connection.js';
import { KillSwitch } from '../safety/kill-switch.js';
import { registerAccess } from './access.js';
import { registerAlertRoutes } from './alert-route.js';
import { registerHostCheck } from './allowed-hosts.js';
import { type DashboardDeps, registerDashboard } from './dashboard/index.js';
import type { HttpDeps } from './deps.js';
import { BODY_LIMIT, registerErrorHandling } from './errors.js';
import { registerEventRoutes } from './event-routes.js';
import { registerEventStream } from './event-stream.js';
import { registerHardening } from './hardening.js';
import { registerJsonBodies } from './json-body.js';
import { registerKillSwitchRoutes } from './killswitch-routes.js';
import type { FleetMetrics } from './metrics.js';
import { registerMetricsRoute } from './metrics-route.js';
import { registerOpenApi } from './openapi.js';
import { registerQueueBoard } from './queue-board.js';
import { registerRevertRoutes } from './revert-routes.js';
import type { RevertRunner } from './revert-runner.js';
import { registerRunRoutes } from './run-routes.js';
import { registerStatusRoutes } from './status-routes.js';

export type { HttpDeps } from './deps.js';

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  /** The config as last loaded (a scheduler reload replaces it). */
  readonly config: () => LoadedConfig;
  readonly redis: RedisClient;
  readonly metrics: FleetMetrics;
  readonly logger: Logger;
  /** The alert gateway behind `POST /api/v1/alert`; absent: the route is not served. */
  readonly alerts?: AlertGateway;
  /** The timeline and kill switch; absent: made from the config over `redis`. */
  readonly timeline?: RedisTimeline;
  readonly killSwitch?: KillSwitch;
  /** The fleet queue (`POST /api/v1/run`, /queues); absent: those routes are not served. */
  readonly queue?: FleetQueue;
  /** Runs an open revert now (`POST /api/v1/reverts/:id/run`); absent: the route is not served. */
  readonly reverts?: RevertRunner;
  /** What the dashboard (GET / and /api/v1/dashboard/*) reads; absent: no dashboard. */
  readonly dashboard?: DashboardDeps;
}

export interface HttpServer {
  /** `http://host:port` as bound (port 0 picks a free one). */
  readonly url: string;
  close(): Promise<void>;
}

/** One concern per registrar; each serves its routes with the deps it needs (and none when a part is absent). */
type RouteRegistrar = (app: FastifyInstance, deps: HttpDeps) => void | Promise<void>;

/** Every route of the server, in one list: a new concern adds one `registerXRoutes` here. */
const ROUTES: readonly RouteRegistrar[] = [
  registerStatusRoutes,
  registerMetricsRoute,
  registerEventRoutes,
  registerEventStream,
  registerAlertRoutes,
  registerKillSwitchRoutes,
  registerRunRoutes,
  registerRevertRoutes,
  registerQueueBoard,
  // Last: the page at GET / and its read-only views.
  registerDashboard,
];

/** The deps every registrar receives, with the timeline and kill switch made from the config when not given. */
export function httpDeps(options: HttpServerOptions): HttpDeps {
  const global = options.config().global;
  const timeline = options.timeline ?? timelineFromConfig(options.redis, global);
  return {
    config: options.config,
    redis: options.redis,
    metrics: options.metrics,
    logger: options.logger,
    timeline,
    killSwitch:
      options.killSwitch ??
      new KillSwitch({
        redis: options.redis,
        prefix: global.redis.prefix,
        events: timeline,
        clock: systemClock,
        logger: options.logger,
      }),
    startedAt: new Date(),
    listenHost: options.host,
    ...(options.alerts ? { alerts: options.alerts } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
    ...(options.reverts ? { reverts: options.reverts } : {}),
    ...(options.dashboard ? { dashboard: options.dashboard } : {}),
  };
}

/**
 * The app with every route, not listening yet: security headers, the rate limit on writes, the token gate (every
 * write; reads when http.readToken is required), `{ error }` answers, then the routes.
 */
export async function buildHttpApp(deps: HttpDeps): Promise<FastifyInstance> {
  // Closing ends every connection: a live stream's client may hold its socket half-open long after it went away,
  // and shutdown must not wait for it (streams are ended first, in preClose; requests are short).
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, forceCloseConnections: true });
  // Bodies are JSON: anything else is 415, never a string a schema then half-understands.
  registerJsonBodies(app);
  registerErrorHandling(app, deps.logger);
  // First: a request for a host not served here reaches nothing else.
  registerHostCheck(app, deps);
  await registerHardening(app, deps);
  registerAccess(app, deps);
  // Before the routes: it documents each route as it is added.
  await registerOpenApi(app);
  for (const register of ROUTES) await register(app, deps);
  return app;
}

/**
 * The HTTP side of `simian up` and `simian serve`: health, status, metrics, the Chronos event API and its live
 * stream, alerts, the kill switch, runs, reverts and the queue board. See docs/http.md.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = await buildHttpApp(httpDeps(options));
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  // Not under `url`: the logger redacts every url (a webhook's may hold a secret), and this one is what people need.
  options.logger.info({ address: url }, 'HTTP server listening');
  return { url, close: () => app.close() };
}
