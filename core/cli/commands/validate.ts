import type { Command } from 'commander';
import type { ValidateOptions } from './validate-run.js';

/** `simian validate [files...]`: registered cheaply; the config loader and every monkey's schema load when it runs. */
export function register(program: Command): void {
  program
    .command('validate')
    .description('check simian.yaml and schedule files (or the given files); prints file:line:col for each problem')
    .argument('[files...]', 'files to check (a file with a top-level "schedules:" key is a schedule file)')
    .option('-c, --config <file>', 'global config file (default: ./simian.yaml if present)')
    .option('--json', 'print one JSON document on stdout')
    .option('--print-schema <which>', 'print the JSON Schema of "global" (simian.yaml) or "schedules" files')
    .action(async (files: string[], options: ValidateOptions) => {
      const [{ validate }, { monkeyCatalog }] = await Promise.all([
        import('./validate-run.js'),
        import('../../../monkeys/index.js'),
      ]);
      await validate(files, options, { monkeys: monkeyCatalog });
    });
}
