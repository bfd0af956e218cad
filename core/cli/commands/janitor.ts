import type { Command } from 'commander';
import { JANITOR_RESOURCE_TYPES } from '../../actuator/effects/janitor-types.js';
import { InputError } from '../../errors.js';
import { type MonkeyRunOptions, withMonkeyRunOptions } from '../options.js';
import { registerRestore } from './janitor-restore.js';

interface JanitorOptions extends MonkeyRunOptions {
  report?: boolean;
  type?: string;
  csv?: boolean;
}

const TYPES: readonly string[] = JANITOR_RESOURCE_TYPES;

/** "volume,snapshot" → the types, each one checked (an unknown one is bad input naming the valid ones). */
export function parseTypes(text: string): string[] {
  const types = text
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  const unknown = types.filter((type) => !TYPES.includes(type));
  if (types.length === 0 || unknown.length > 0) {
    throw new InputError(
      `--type "${text}" names ${unknown.length > 0 ? `unknown type(s) ${unknown.join(', ')}` : 'no type'} (valid types: ${TYPES.join(', ')})`,
    );
  }
  return types;
}

/** `simian janitor [--report [--csv]] [--type volume,snapshot]`: one run (mark, unmark, notify, delete what is due). */
export function register(program: Command): void {
  const janitor = withMonkeyRunOptions(
    program
      .command('janitor')
      .description(
        'Janitor Monkey: mark unused resources, notify their owners, delete them once their date has passed',
      ),
  )
    .option('--report', 'list every marked resource (rule, owner, dates) as findings; changes nothing')
    .option('--csv', 'with --report: the findings as CSV')
    .option('--type <types>', `only these resource types, comma-separated (${TYPES.join(', ')})`)
    .action(async (options: JanitorOptions) => {
      if (options.csv && !options.report) throw new InputError('--csv goes with --report');
      const types = options.type !== undefined ? parseTypes(options.type) : undefined;
      const regions = [...new Set(options.region ?? [])];
      const region = regions[0];
      if (options.report) options.dryRun = true;
      const { runMonkeyCommand } = await import('../monkey-command.js');
      process.exitCode = await runMonkeyCommand(options, {
        monkey: 'janitor',
        region,
        regions,
        params: { ...(types ? { types } : {}), ...(options.report ? { report: true } : {}) },
        confirm: region ? { what: 'region', expected: region } : { what: 'monkey name', expected: 'janitor' },
        findings: { exitZero: true, ...(options.csv ? { csv: true } : {}) },
      });
    });
  registerRestore(janitor);
}
