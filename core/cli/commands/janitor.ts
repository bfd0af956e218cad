import type { Command } from 'commander';
import { janitor as janitorMonkey } from '../../../monkeys/janitor.js';
import { InputError } from '../../errors.js';
import { addMonkeyFlags, flagParams, flagRegions } from '../monkey-flags.js';
import { type MonkeyRunOptions, withMonkeyRunOptions } from '../options.js';
import { registerRestore } from './janitor-restore.js';

interface JanitorOptions extends MonkeyRunOptions {
  report?: boolean;
  csv?: boolean;
}

/**
 * `simian janitor [--report [--csv]] [--type volume,snapshot]`: one run (mark, unmark, notify, delete what is due).
 * Its flags are the monkey's own; the command adds what a run of it prints (--report's findings) and `restore`.
 */
export function register(program: Command): void {
  const cli = janitorMonkey.cli;
  if (!cli) throw new Error('the janitor declares no command');
  const janitor = addMonkeyFlags(
    withMonkeyRunOptions(program.command('janitor').description(cli.summary)),
    janitorMonkey,
  ).action(async (options: JanitorOptions & Record<string, unknown>) => {
    if (options.csv && !options.report) throw new InputError('--csv goes with --report');
    const params = flagParams(janitorMonkey, options);
    const regions = flagRegions(janitorMonkey, options.region ?? [], params);
    const region = regions[0];
    if (options.report) options.dryRun = true;
    const { runMonkeyCommand } = await import('../monkey-command.js');
    process.exitCode = await runMonkeyCommand(options, {
      monkey: 'janitor',
      region,
      regions,
      params,
      // Without --region the run cleans the config's first region: the monkey's name is typed back.
      ...(region ? {} : { confirm: { what: 'monkey name', expected: 'janitor' } }),
      findings: { exitZero: true, ...(options.csv ? { csv: true } : {}) },
    });
  });
  registerRestore(janitor);
}
