import type { Command } from 'commander';
import { allMonkeys } from '../../monkeys/index.js';
import { InputError } from '../errors.js';
import { SEVERITIES, type Severity } from '../plan/finding.js';
import type { Monkey } from '../run/monkey.js';
import { type MonkeyRunOptions, withReportRunOptions } from './options.js';

interface ReportOptions extends MonkeyRunOptions {
  rule?: string[];
  severity?: string;
  csv?: boolean;
  exitZero?: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').filter(Boolean)];
}

function severityOf(text: string | undefined): Severity | undefined {
  if (text === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(text)) {
    throw new InputError(`--severity "${text}" is unknown (expected ${SEVERITIES.join(', ')})`);
  }
  return text as Severity;
}

/** `simian <report monkey> [--rule id] [--severity s] [--csv] [--json] [--exit-zero]`: one run, findings only. */
function registerReportCommand(program: Command, monkey: Monkey<unknown, unknown>): void {
  withReportRunOptions(
    program.command(monkey.name).description(`${monkey.description} (report: never changes anything)`),
  )
    .option(
      '--rule <id>',
      `only these rules (repeatable, or comma-separated)${monkey.rules ? `: ${monkey.rules.join(', ')}` : ''}`,
      collect,
    )
    .option('--severity <level>', `only findings at or above this level: ${SEVERITIES.join(' | ')} (default info)`)
    .option('--csv', 'print the findings as CSV on stdout')
    .option('--exit-zero', 'exit 0 whatever was found (default: 1 for a warning, 2 for a critical finding)')
    .action(async (options: ReportOptions) => {
      if (options.csv && options.json) throw new InputError('--csv and --json each print one document: give one');
      const unknown = monkey.rules ? (options.rule ?? []).filter((rule) => !monkey.rules?.includes(rule)) : [];
      if (unknown.length > 0) {
        throw new InputError(
          `--rule ${unknown.join(', ')}: not a rule of ${monkey.name} (its rules: ${monkey.rules?.join(', ')})`,
        );
      }
      const { runMonkeyCommand } = await import('./monkey-command.js');
      process.exitCode = await runMonkeyCommand(options, {
        monkey: monkey.name,
        region: options.region?.[0],
        regions: [...new Set(options.region ?? [])],
        params: {},
        findings: {
          rules: options.rule,
          threshold: severityOf(options.severity),
          exitZero: options.exitZero === true,
          csv: options.csv === true,
        },
      });
    });
}

/** Every report monkey of the registry gets its command: a new one needs no CLI file of its own. */
export function registerReportCommands(program: Command): void {
  for (const monkey of allMonkeys()) if (monkey.kind === 'report') registerReportCommand(program, monkey);
}
