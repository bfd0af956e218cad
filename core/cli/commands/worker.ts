import type { Command } from 'commander';
import type { FleetProcessOptions } from '../fleet-process.js';
import { withCommonOptions } from '../options.js';

/** `simian worker [--concurrency n]`: runs monkey jobs, the day's planned runs and reverts from the queue. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('worker')
      .description(
        "Run a worker: monkey jobs, the day's planned runs and reverts, every guard checked when a job runs",
      ),
  )
    .option('--concurrency <n>', 'jobs run at once (default: config fleet.concurrency)')
    .action(async (options: FleetProcessOptions) => {
      const { runFleetProcess } = await import('../fleet-process.js');
      await runFleetProcess(options, { scheduler: false, worker: true, http: false });
    });
}
