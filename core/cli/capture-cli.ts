import { runCli } from './run.js';

/** What one in-process CLI run showed the user. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process (as `name`, the installed command it stands for) and returns its exit code and what it
 * wrote to stdout and stderr. The exit code is cleared afterwards so that one run's failure never leaks into the next.
 * Used by the tests and the torture suite (no test framework needed).
 */
export async function runCliCaptured(argv: string[], name = 'simian'): Promise<CliOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const { stdout, stderr } = process;
  const writeOut = stdout.write;
  const writeErr = stderr.write;
  stdout.write = ((chunk: unknown) => out.push(String(chunk)) > 0) as typeof stdout.write;
  stderr.write = ((chunk: unknown) => err.push(String(chunk)) > 0) as typeof stderr.write;
  try {
    const code = await runCli(argv, name);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.write = writeOut;
    stderr.write = writeErr;
    process.exitCode = undefined;
  }
}
