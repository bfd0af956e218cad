import { type ChildProcess, spawn } from 'node:child_process';
import type { CliOutcome } from '../../core/cli/capture-cli.js';

/** A CLI process's outcome, and how long it took to end. */
export interface ProcessOutcome extends CliOutcome {
  readonly ms: number;
  /** Killed at the limit instead of ending by itself. */
  readonly hung: boolean;
}

// The built CLI, as a user runs it (scripts/torture.mjs rebuilds it when the sources are newer): a bundle of the
// sources starts several times slower, and the suite spawns dozens.
const BIN = new URL('../../dist/core/cli/bin/simian.js', import.meta.url).pathname;

/** Runs `simian <argv>` as a real process (the built CLI); SIGKILLed after `limitMs`. */
export function runBuiltCli(
  argv: readonly string[],
  options: { limitMs?: number; env?: Record<string, string> } = {},
): Promise<ProcessOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, options.limitMs ?? 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started, hung });
    });
  });
}

/** A long-running `simian` process (worker, scheduler, up). */
export interface LongRunning {
  readonly child: ChildProcess;
  /** Resolves once its output says `readyText`. */
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
}

/** Starts `simian <argv>` (the built CLI), with `env` over this process's, and watches its output for `readyText`. */
export function startBuiltCli(
  argv: readonly string[],
  readyText: string,
  env: Record<string, string> = {},
): LongRunning {
  const child = spawn(process.execPath, [BIN, ...argv], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyText)) resolve();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    void exited.then(() => reject(new Error(`simian ${argv[0]} ended before it was ready: ${output.slice(-500)}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited };
}
