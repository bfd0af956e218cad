import type { Command } from 'commander';
import type { FleetProcessOptions } from '../fleet-process.js';
import { withCommonOptions } from '../options.js';

/** `simian scheduler`: keeps the job schedulers equal to schedules/*.yaml (reload on SIGHUP or file change). */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('scheduler')
      .description('Run the scheduler: schedules/*.yaml become timed jobs; each run day gets its chaos plan'),
  ).action(async (options: FleetProcessOptions) => {
    const { runFleetProcess } = await import('../fleet-process.js');
    await runFleetProcess(options, { scheduler: true, worker: false, http: false });
  });
}
