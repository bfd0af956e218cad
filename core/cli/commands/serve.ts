import type { Command } from 'commander';
import type { FleetProcessOptions } from '../fleet-process.js';
import { withCommonOptions } from '../options.js';

/** `simian serve`: the HTTP server alone (health, status, metrics, events, kill switch, alerts, queues: docs/http.md). */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('serve')
      .description('Run the HTTP server alone: health, status, metrics, the event API, kill switch, alerts and queues'),
  )
    .option('--host <host>', 'address to listen on (default: config http.host, 127.0.0.1)')
    .option('--port <port>', 'port (default: config http.port, 8080)')
    .action(async (options: FleetProcessOptions) => {
      const { runFleetProcess } = await import('../fleet-process.js');
      await runFleetProcess(options, { scheduler: false, worker: false, http: true });
    });
}
