import type { Command } from 'commander';
import type { FleetProcessOptions } from '../fleet-process.js';
import { withCommonOptions } from '../options.js';

/** `simian up`: scheduler, worker and HTTP server in one process (small installs). */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('up')
      .description('Run scheduler, worker and the HTTP server (status, metrics, events, queues ...) together'),
  )
    .option('--concurrency <n>', 'jobs run at once (default: config fleet.concurrency)')
    .option('--host <host>', 'HTTP address to listen on (default: config http.host, 127.0.0.1)')
    .option('--port <port>', 'HTTP port (default: config http.port, 8080)')
    .action(async (options: FleetProcessOptions) => {
      const { runFleetProcess } = await import('../fleet-process.js');
      await runFleetProcess(options, { scheduler: true, worker: true, http: true });
    });
}
