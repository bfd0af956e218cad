import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const FIXTURE = new URL('../fixtures/fleet-node.ts', import.meta.url).pathname;
const CLI = new URL('../../../core/cli/bin/simian.ts', import.meta.url).pathname;
// Under node_modules: the bundles import their packages (left external) from there.
const CACHE = new URL('../../../node_modules/.cache/simian-test/', import.meta.url).pathname;

const bundles = new Map<string, Promise<string>>();
/**
 * The directory of this checkout's fork (vitest numbers the forks running at once 1..n): two forks running at once,
 * or two checkouts sharing node_modules, never write or read each other's half-written bundle, and the files of one
 * fork, one after another, reuse the same directory.
 */
function ownBundleDir(): string {
  const checkout = createHash('sha256').update(CLI).digest('hex').slice(0, 12);
  const dir = join(CACHE, `${checkout}-fork-${process.env.VITEST_POOL_ID ?? process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
/**
 * Bundles an entry script once (esbuild, which vitest already ships): a bundled script starts in a fraction of the
 * time tsx needs to transpile on every spawn, and the process tests spawn many.
 */
function bundled(entry: string, name: string): Promise<string> {
  let pending = bundles.get(name);
  if (!pending) {
    const outfile = join(ownBundleDir(), `${name}.mjs`);
    pending = import('esbuild').then(async ({ build }) => {
      await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        logLevel: 'error',
      });
      return outfile;
    });
    bundles.set(name, pending);
  }
  return pending;
}

export const fleetNodeScript = () => bundled(FIXTURE, 'fleet-node');
/** The `simian` command line, bundled from source (the build output may lag behind other work in progress). */
export const simianScript = () => bundled(CLI, 'simian');

export interface FleetConfigOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly fleet?: Record<string, unknown>;
  readonly calendar?: Record<string, unknown>;
  readonly schedules: readonly Record<string, unknown>[];
  /** Other top-level keys of simian.yaml (armed, accounts, endpointUrl ...). */
  readonly extra?: Record<string, unknown>;
}

/** Writes simian.yaml and schedules/fleet.yaml into a fresh temp dir; returns the config path. */
export function writeFleetConfig(options: FleetConfigOptions, dir = mkdtempSync(join(tmpdir(), 'simian-fleet-'))) {
  mkdirSync(join(dir, 'schedules'), { recursive: true });
  const configPath = join(dir, 'simian.yaml');
  writeFileSync(
    configPath,
    stringify({
      redis: { url: options.redisUrl, prefix: options.prefix },
      fleet: {
        lockDuration: '2s',
        stalledInterval: '1s',
        backoff: '200ms',
        shutdownGrace: '3s',
        ...options.fleet,
      },
      ...(options.calendar ? { calendar: options.calendar } : {}),
      ...options.extra,
    }),
  );
  writeSchedules(dir, options.schedules);
  return { dir, configPath };
}

export function writeSchedules(dir: string, schedules: readonly Record<string, unknown>[]): void {
  writeFileSync(join(dir, 'schedules', 'fleet.yaml'), stringify({ schedules }));
}

export interface FleetNode {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

const running = new Set<ChildProcess>();

/** Spawns one fleet process (the bundled test fixture) with its own role and env. */
export async function spawnFleetNode(
  role: 'scheduler' | 'worker' | 'both',
  env: Record<string, string>,
): Promise<FleetNode> {
  return spawnScript(await fleetNodeScript(), [], { FLEET_ROLE: role, ...env }, 'fleet-node ready');
}

/** Spawns that many schedulers and workers with one env and waits until every one is ready. */
export async function startFleet(
  env: Record<string, string>,
  counts: { schedulers?: number; workers?: number },
): Promise<FleetNode[]> {
  const roles = [
    ...Array<'scheduler'>(counts.schedulers ?? 0).fill('scheduler'),
    ...Array<'worker'>(counts.workers ?? 0).fill('worker'),
  ];
  const nodes = await Promise.all(roles.map((role) => spawnFleetNode(role, env)));
  await Promise.all(nodes.map((node) => node.ready));
  return nodes;
}

/** Spawns `simian <args>`; ready once its log says `readyText`. */
export async function spawnSimian(args: readonly string[], readyText: string): Promise<FleetNode> {
  return spawnScript(await simianScript(), args, { SIMIAN_LOG_LEVEL: 'info' }, readyText);
}

function spawnScript(script: string, args: readonly string[], env: Record<string, string>, readyText: string) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyText)) resolve();
    };
    child.stderr?.on('data', collect);
    child.stdout?.on('data', collect);
    void exited.then(({ code, signal }) =>
      reject(new Error(`process exited (${code ?? signal}) before it was ready:\n${output}`)),
    );
  });
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => output };
}

/** SIGKILLs every fleet process still running (afterEach/afterAll). */
export async function killAllFleetNodes(): Promise<void> {
  const waits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}
