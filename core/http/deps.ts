import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load.js';
import type { RedisTimeline } from '../events/timeline.js';
import type { AlertGateway } from '../notify/gateway.js';
import type { FleetQueue } from '../queue/fleet-queue.js';
import type { RedisClient } from '../redis/connection.js';
import type { KillSwitch } from '../safety/kill-switch.js';
import type { DashboardDeps } from './dashboard/deps.js';
import type { FleetMetrics } from './metrics.js';
import type { RevertRunner } from './revert-runner.js';

/**
 * What every route registrar receives (`registerXRoutes(app, deps)`): built once by the process that serves HTTP.
 * Optional parts are absent in a process that does not have them; their routes are then not served.
 */
export interface HttpDeps {
  /** The config as last loaded (a scheduler reload replaces it): the token is read at each request. */
  readonly config: () => LoadedConfig;
  readonly redis: RedisClient;
  readonly metrics: FleetMetrics;
  readonly logger: Logger;
  /** The shared timeline behind /api/v1/event (Chronos) and its live stream. */
  readonly timeline: RedisTimeline;
  readonly killSwitch: KillSwitch;
  /** The address the server listens on (answered as a Host besides localhost and http.allowedHosts). */
  readonly listenHost?: string;
  /** When the process started (uptime on /status). */
  readonly startedAt: Date;
  /** The alert gateway behind `POST /api/v1/alert`. */
  readonly alerts?: AlertGateway;
  /** The fleet queue: `POST /api/v1/run` enqueues on it, /queues shows it. */
  readonly queue?: FleetQueue;
  /** Applies an open revert now (`POST /api/v1/reverts/:id/run`). */
  readonly reverts?: RevertRunner;
  /** The fleet process's parts the dashboard reads (GET / and /api/v1/dashboard/*); absent: no dashboard. */
  readonly dashboard?: DashboardDeps;
}
