import type { Logger } from 'pino';
import type { Pacer } from '../../actuator/pacer.js';
import type { AwsClients } from '../../aws/clients.js';
import type { RealAccount } from '../../aws/real-account.js';
import type { Clock } from '../../clock.js';
import type { LoadedConfig } from '../../config/load.js';
import type { RedisTimeline } from '../../events/timeline.js';
import type { AlertSender } from '../../notify/alert.js';
import type { FleetQueue } from '../../queue/fleet-queue.js';
import type { RedisClient } from '../../redis/connection.js';

/** What the dashboard reads beyond what every route has: the fleet process's own parts, passed in once. */
export interface DashboardDeps {
  /** AWS clients; the views use their read-only view, only "revert now" the writable one. */
  readonly clients: AwsClients;
  readonly queue: FleetQueue;
  readonly events: RedisTimeline;
  readonly pacer: Pacer;
  readonly clock: Clock;
  readonly account: (region: string) => Promise<RealAccount>;
  /** Told of a revert (started from the page) that failed. */
  readonly alerts?: AlertSender;
}

/** The HTTP server's options the dashboard reads (HttpServerOptions fits it). */
export interface DashboardOptions {
  readonly config: () => LoadedConfig;
  readonly redis: RedisClient;
  readonly logger: Logger;
  /** Absent: no dashboard is served (a server started for health and metrics alone). */
  readonly dashboard?: DashboardDeps;
}

/** Every dependency of a view, flattened. */
export type DashboardContext = DashboardDeps & Omit<DashboardOptions, 'dashboard'>;

/** The bearer token of state-changing routes (http.token), as configured now. */
export function tokenOf(context: DashboardContext): string | undefined {
  return context.config().global.http.token;
}
