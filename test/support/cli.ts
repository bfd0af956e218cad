import { vi } from 'vitest';
import { runCli } from '../../core/cli/run.js';

/** What one in-process CLI run showed the user. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process (as `name`, the installed command it stands for) and returns its exit code and what it
 * wrote to stdout and stderr. The exit code is cleared afterwards so that one run's failure never leaks into the next.
 */
export async function runCliCaptured(argv: string[], name = 'simian'): Promise<CliOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    const code = await runCli(argv, name);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
}

/** `simian <argv…>` run in-process; see runCliCaptured. */
export function simian(...argv: string[]): Promise<CliOutcome> {
  return runCliCaptured(argv);
}
