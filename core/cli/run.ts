import { type Command, CommanderError } from 'commander';
import { describeAwsFailureIn } from '../aws/aws-failure.js';
import { SimianError } from '../errors.js';
import { buildProgram } from './program.js';

function overrideExits(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) overrideExits(sub);
}

const HELP_FLAGS = ['--help', '-h'];

/**
 * `simian experiment --help` must say the command is unknown (exit 2), not print the main help (exit 0): with the
 * first word no command, the help flags are dropped so that commander reports it.
 */
function withoutHelpForUnknownCommand(program: Command, argv: string[]): string[] {
  const [first] = argv;
  if (first === undefined || first.startsWith('-') || first === 'help') return argv;
  const known = program.commands.some((command) => command.name() === first || command.aliases().includes(first));
  return known ? argv : argv.filter((arg) => !HELP_FLAGS.includes(arg));
}

/** `gorilla …` is `simian gorilla …`: its usage line names the command as it was typed (not `gorilla gorilla`). */
function nameStandalone(program: Command, name: string): void {
  const command = program.commands.find((candidate) => candidate.name() === name);
  command?.configureHelp({ ...command.configureHelp(), commandUsage: (cmd) => `${name} ${cmd.usage()}` });
}

/** Runs the CLI: one clear sentence on stderr for any error, and the contract's exit codes. */
export async function runCli(argv: string[], name = 'simian'): Promise<number> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const program = buildProgram(name, { cli: (argv) => runCli(argv, name) });
  // Subcommands are registered before exitOverride, so each needs it too: usage errors are exit 2, never process.exit(1).
  overrideExits(program);
  if (name !== 'simian') nameStandalone(program, name);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(withoutHelpForUnknownCommand(program, argv), { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version "errors" are successes; commander already printed its message.
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (error instanceof SimianError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      if (debug) process.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    // The one place a failure becomes the sentence on stderr: an AWS failure says which call and how.
    const message = describeAwsFailureIn(error) ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(`${name}: ${message}\n`);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
