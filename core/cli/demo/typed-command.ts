import { relative } from 'node:path';
import { RuntimeFailure } from '../../errors.js';

/** A path as the user would type it: relative to the working directory when under it. */
export function shownPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown && !shown.startsWith('..') ? shown : path;
}

/** The options that point a typed command at the demo's sandbox: its config file and its moto. */
export function sandboxArgs(configPath: string, endpointUrl: string): string[] {
  return ['-c', shownPath(configPath), '--endpoint-url', endpointUrl];
}

/**
 * Runs `simian <argv>` in-process through the CLI itself, so the demo shows exactly what a user typing the command
 * sees: the command line, then its stdout and stderr (progress lines) in the order they were written. A command
 * that fails stops the demo.
 */
/** Runs the CLI in-process (core/cli/run.ts runCli), handed down from the program so no module imports it back. */
export type CliRunner = (argv: string[]) => Promise<number>;

/** Where a typed command prints, and the CLI that runs it. */
export interface TypingDesk {
  print(text: string): void;
  readonly cli: CliRunner;
}

export async function typeCommand(argv: readonly string[], desk: TypingDesk): Promise<void> {
  const print = (text: string) => desk.print(text);
  print(`$ simian ${argv.map(quoted).join(' ')}`);
  const written: string[] = [];
  const { stdout, stderr } = process;
  const originals = { stdout: stdout.write, stderr: stderr.write };
  const capture = ((chunk: unknown) => written.push(String(chunk)) > 0) as typeof stdout.write;
  stdout.write = capture;
  stderr.write = capture;
  // Commands report their exit code through process.exitCode: each typed command starts from none.
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  let code: number;
  try {
    code = await desk.cli([...argv]);
  } finally {
    stdout.write = originals.stdout;
    stderr.write = originals.stderr;
    process.exitCode = exitCode;
  }
  const text = written.join('').replace(/\n$/, '');
  if (text) print(text);
  if (code !== 0) throw new RuntimeFailure(`the demo stopped: "simian ${argv.join(' ')}" exited with ${code}`);
}

function quoted(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
