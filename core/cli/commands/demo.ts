import type { Command } from 'commander';
import { parseDuration } from '../../config/duration.js';
import { InputError } from '../../errors.js';
import type { CommandDeps } from './command-deps.js';

/** `simian demo [--for d] [-c file]`: registered cheaply; moto, Redis and the steps load when it runs. */
export function register(program: Command, deps: CommandDeps): void {
  program
    .command('demo')
    .description(
      'start a sandbox (local moto + Redis), seed a fleet, show what simian sees, take a zone out and revert it; no real AWS',
    )
    .option('--for <duration>', 'keep the sandbox up this long afterwards (e.g. 30m) to try commands against it')
    .option('-c, --config <file>', 'config to run the demo with (default: sandbox/simian.yaml)')
    .action(async (options: { for?: string; config?: string }) => {
      let keepFor: number | undefined;
      if (options.for !== undefined) {
        keepFor = parseDuration(options.for);
        if (keepFor === undefined) {
          throw new InputError(`--for "${options.for}" is not a duration (expected e.g. 30s, 15m, 1h30m)`);
        }
      }
      const { runDemo } = await import('./demo-run.js');
      await runDemo({ keepFor, configPath: options.config, cli: deps.cli });
    });
}
