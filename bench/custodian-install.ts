import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the benchmark installs Cloud Custodian when the machine has none (ignored by git). */
export const CUSTODIAN_VENV = join(root, '.cache', 'c7n');

/** The `custodian` to run, and how long installing it took (null: it was already there). */
export type Custodian =
  | { readonly command: string; readonly version: string; readonly installMs: number | null }
  | { readonly missing: string };

function versionOf(command: string): string | null {
  const answer = spawnSync(command, ['version'], { encoding: 'utf8' });
  return answer.status === 0 ? answer.stdout.trim() : null;
}

/** Runs a command to its end; its output is kept for the one sentence a failure prints. */
function run(command: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', (error) => resolve({ code: null, output: error.message }));
    child.once('close', (code) => resolve({ code, output }));
  });
}

const lastLine = (text: string) => text.trim().split('\n').pop()?.slice(0, 300) ?? '';

/**
 * `custodian` from PATH, else from the benchmark's own venv, else installed there now (`pip install c7n`, about a
 * minute). A failed install is reported, never thrown: the benchmark then skips the baseline.
 */
export async function ensureCustodian(progress: (message: string) => void): Promise<Custodian> {
  const cached = join(CUSTODIAN_VENV, 'bin', 'custodian');
  for (const command of ['custodian', cached]) {
    const version = versionOf(command);
    if (version) return { command, version, installMs: null };
  }
  const python = process.env.SIMIAN_PYTHON ?? 'python3';
  progress(`installing Cloud Custodian into ${CUSTODIAN_VENV} (python -m venv, pip install c7n)`);
  const start = performance.now();
  if (!existsSync(join(CUSTODIAN_VENV, 'bin', 'pip'))) {
    const venv = await run(python, ['-m', 'venv', CUSTODIAN_VENV]);
    if (venv.code !== 0) return { missing: `${python} -m venv failed: ${lastLine(venv.output)}` };
  }
  const pip = await run(join(CUSTODIAN_VENV, 'bin', 'pip'), ['install', '-q', 'c7n']);
  if (pip.code !== 0) return { missing: `pip install c7n failed: ${lastLine(pip.output)}` };
  const version = versionOf(cached);
  if (!version) return { missing: `${cached} does not run after pip install c7n` };
  return { command: cached, version, installMs: performance.now() - start };
}
