import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Comparison } from './comparison.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'dist', 'core', 'cli', 'bin', 'simian.js');

// The baseline: a BullMQ worker and nothing else, ready to take jobs of the same queue shape.
const RAW_WORKER = `
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
const connection = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
const worker = new Worker('raw-idle', async () => ({}), { connection, prefix: 'bench-idle', concurrency: 2 });
await worker.waitUntilReady();
console.log('worker started');
`;

export interface WorkerMemoryOptions {
  readonly redisUrl: string;
  /** How long each worker idles after it says it started, before its RSS is read. */
  readonly idleMs: number;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/** Starts a process, waits for its "worker started" line, idles, reads its RSS and stops it. */
async function idleRss(child: ChildProcess, idleMs: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker started')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited ${code} before it started: ${output.slice(-400)}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const rss = rssMiB(child.pid as number);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return rss;
}

/** Idle RSS of `simian worker` next to a raw BullMQ worker, both on the same Redis, one after the other. */
export async function benchWorkerMemory(options: WorkerMemoryOptions): Promise<Comparison> {
  const dir = mkdtempSync(join(tmpdir(), 'simian-bench-worker-'));
  try {
    const config = join(dir, 'simian.yaml');
    writeFileSync(config, `redis:\n  url: ${options.redisUrl}\n  prefix: bench-idle\nfleet:\n  queue: ours-idle\n`);
    const raw = join(root, 'bench', '.raw-worker.mjs');
    writeFileSync(raw, RAW_WORKER);
    const env = { ...process.env, REDIS_URL: options.redisUrl, SIMIAN_LOG_LEVEL: 'info' };
    try {
      const ours = await idleRss(
        spawn(process.execPath, [BIN, 'worker', '-c', config], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] }),
        options.idleMs,
      );
      const baseline = await idleRss(
        spawn(process.execPath, [raw], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] }),
        options.idleMs,
      );
      return {
        title: 'Worker memory: an idle worker',
        rows: [
          { metric: 'idle RSS', ours: Math.round(ours), baseline: Math.round(baseline), unit: 'MiB', better: 'lower' },
        ],
        notes: [
          `RSS from /proc after "worker started" and ${options.idleMs / 1000} s idle; ours: \`simian worker\` (built CLI), baseline: a raw BullMQ Worker script.`,
        ],
      };
    } finally {
      rmSync(raw, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
