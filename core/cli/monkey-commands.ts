import type { Command } from 'commander';
import { allMonkeys } from '../../monkeys/index.js';
import type { MonkeyCli } from '../plan/monkey-cli.js';
import type { Monkey } from '../run/monkey.js';
import { addMonkeyFlags, flagParams, flagRegions } from './monkey-flags.js';
import { type MonkeyRunOptions, withMonkeyRunOptions } from './options.js';

/** What an armed run without --yes asks typed back: the first declared param given (a group, a zone); else the region. */
function confirmOf(cli: MonkeyCli, params: Readonly<Record<string, unknown>>) {
  const what = cli.confirm?.find((param) => typeof params[param] === 'string');
  return what ? { what, expected: String(params[what]) } : undefined;
}

/** `simian <monkey> [common options] [its flags]`, built from the monkey's declaration. */
function registerMonkeyCommand(program: Command, monkey: Monkey<unknown, unknown>, cli: MonkeyCli): void {
  const command = withMonkeyRunOptions(program.command(monkey.name).description(cli.summary));
  addMonkeyFlags(command, monkey).action(async (options: MonkeyRunOptions & Record<string, unknown>) => {
    const params = flagParams(monkey, options);
    const regions = flagRegions(monkey, options.region ?? [], params);
    const region = regions[0];
    if (region !== undefined && cli.region?.param) params[cli.region.param] = region;
    const { runMonkeyCommand } = await import('./monkey-command.js');
    const confirm = confirmOf(cli, params);
    process.exitCode = await runMonkeyCommand(options, {
      monkey: monkey.name,
      region,
      regions,
      params,
      ...(confirm ? { confirm } : {}),
    });
  });
}

/**
 * Every registered monkey that declares its command gets it: a new monkey needs no CLI file of its own. A monkey
 * whose command needs more than its flags (the Janitor's `--report` and `restore`) registers its own first.
 */
export function registerMonkeyCommands(program: Command): void {
  const taken = new Set(program.commands.map((command) => command.name()));
  for (const monkey of allMonkeys()) {
    if (monkey.cli && monkey.kind !== 'report' && !taken.has(monkey.name)) {
      registerMonkeyCommand(program, monkey, monkey.cli);
    }
  }
}
