import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A local peer process (redis-server, moto_server) on a loopback port. */
export interface Peer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export class PeerMissingError extends Error {}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function commandExists(cmd: string, args: string[]): boolean {
  const result = spawnSync(cmd, args, { stdio: 'ignore' });
  return result.status === 0;
}

export async function waitFor(check: () => Promise<boolean>, what: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${what} exited with code ${exited} before it was ready`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${what} was not ready within ${timeoutMs} ms`);
}

export function stopper(child: ChildProcess, cleanup?: () => void): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      const done = () => {
        cleanup?.();
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
}

export interface RedisOptions {
  port?: number;
  /** Keep data on disk with an append-only file (for restart tests). */
  dir?: string;
  appendonly?: boolean;
  /** More redis-server arguments (cluster mode, --replicaof ...). */
  args?: readonly string[];
}

/** Starts a real redis-server on loopback; data lives in a temp dir unless one is given. */
export async function startRedis(options: RedisOptions = {}): Promise<Peer> {
  if (!commandExists('redis-server', ['--version'])) {
    throw new PeerMissingError(
      'redis-server was not found on PATH: install it with `apt-get install redis-server` (Debian/Ubuntu), or set REDIS_URL to a running Redis',
    );
  }
  const port = options.port ?? (await freePort());
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'simian-redis-'));
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      options.appendonly ? 'yes' : 'no',
      '--maxmemory-policy',
      'noeviction',
      '--protected-mode',
      'no',
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let ready = false;
  child.stdout?.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('Ready to accept connections')) ready = true;
  });
  await waitFor(async () => ready, `redis-server on port ${port}`, child, 15_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    stop: stopper(child, () => ownDir && rmSync(dir, { recursive: true, force: true })),
  };
}

/** Starts a real moto server (AWS API emulator) on loopback. */
export async function startMoto(options: { port?: number } = {}): Promise<Peer & { reset(): Promise<void> }> {
  const python = process.env.SIMIAN_PYTHON ?? 'python3';
  if (!commandExists(python, ['-c', 'import moto.server'])) {
    throw new PeerMissingError(
      `moto server was not found for ${python}: install it with \`pip install 'moto[server]'\`, or set AWS_ENDPOINT_URL to a running moto`,
    );
  }
  const port = options.port ?? (await freePort());
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/moto-api/`)).ok, `moto server on port ${port}`, child, 60_000);
  return { url, port, process: child, stop: stopper(child), reset: () => resetMoto(url) };
}

/** Forgets every resource moto holds (between test files). */
export async function resetMoto(url: string): Promise<void> {
  const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}
