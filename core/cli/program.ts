import { Command } from 'commander';
import { VERSION } from '../version.js';
import type { CommandDeps } from './commands/command-deps.js';
import { registerCommands } from './commands/index.js';
import { refuseRepeatedOptions } from './single-valued.js';

/** The `simian` command line: every subcommand registers itself from core/cli/commands/. */
export function buildProgram(name: string, deps: CommandDeps): Command {
  const program = new Command(name)
    .description('An open Simian Army for AWS: chaos, gorilla, kong and the rest of the army, safely.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true });
  registerCommands(program, deps);
  refuseRepeatedOptions(program);
  return program;
}
