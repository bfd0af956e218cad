import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, type Peer, startRedis, stopper, waitFor } from './peers.js';

/** Real distributed Redis on loopback for tests and the torture suite: a Redis Cluster and a Sentinel set. */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one command on a node with a short-lived connection (no retries: a closed port is an error at once). */
async function ask<T>(port: number, step: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await step(redis);
  } finally {
    redis.disconnect();
  }
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export interface RedisClusterPeer {
  /** The seed nodes as config `redis.cluster` takes them (`127.0.0.1:port`). */
  readonly nodes: readonly string[];
  readonly peers: readonly Peer[];
  stop(): Promise<void>;
}

/** Starts `masters` cluster-enabled redis-servers (no replicas), joins them into one cluster and waits for state ok. */
export async function startRedisCluster(options: { masters?: number } = {}): Promise<RedisClusterPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'simian-redis-cluster-'));
  const count = options.masters ?? 3;
  const peers: Peer[] = [];
  const stop = async () => {
    await Promise.all(peers.map((peer) => peer.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < count; index += 1) {
      const port = await freePort();
      peers.push(
        await startRedis({
          port,
          dir,
          args: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--cluster-node-timeout',
            '2000',
          ],
        }),
      );
    }
    const nodes = peers.map((peer) => `127.0.0.1:${peer.port}`);
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (const peer of peers) {
      await until(
        async () => (await ask(peer.port, (redis) => redis.cluster('INFO'))).includes('cluster_state:ok'),
        `the cluster node on port ${peer.port} did not reach cluster_state:ok`,
        15_000,
      );
    }
    return { nodes, peers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface RedisSentinelPeer {
  /** The sentinels as config `redis.sentinels` takes them. */
  readonly sentinels: readonly string[];
  /** The monitored primary's name (config `redis.sentinelName`). */
  readonly name: string;
  /** The port the sentinels name as primary now. */
  primaryPort(): Promise<number>;
  /** Forces a failover (SENTINEL FAILOVER) and waits until the sentinels name the other server as primary. */
  failover(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a primary, a replica of it and `sentinels` sentinels (quorum 1) monitoring the pair as `name`. */
export async function startRedisSentinel(
  options: { sentinels?: number; name?: string } = {},
): Promise<RedisSentinelPeer> {
  const name = options.name ?? 'mymaster';
  const dir = mkdtempSync(join(tmpdir(), 'simian-redis-sentinel-'));
  const peers: Peer[] = [];
  const stop = async () => {
    await Promise.all(peers.map((peer) => peer.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const primary = await startRedis();
    peers.push(primary);
    const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
    peers.push(replica);
    await until(
      async () => (await ask(replica.port, (redis) => redis.info('replication'))).includes('master_link_status:up'),
      'the replica did not sync with its primary',
      15_000,
    );
    const ports: number[] = [];
    for (let index = 0; index < (options.sentinels ?? 1); index += 1) {
      const port = await freePort();
      const file = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          'protected-mode no',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${primary.port} 1`,
          `sentinel down-after-milliseconds ${name} 2000`,
          `sentinel failover-timeout ${name} 10000`,
          '',
        ].join('\n'),
      );
      const child = spawn('redis-server', [file, '--sentinel'], { stdio: 'ignore' });
      peers.push({ url: `redis://127.0.0.1:${port}`, port, process: child, stop: stopper(child) });
      await waitFor(
        async () => (await ask(port, (redis) => redis.ping())) === 'PONG',
        `sentinel on port ${port}`,
        child,
        15_000,
      );
      ports.push(port);
    }
    const sentinel = <T>(step: (redis: Redis) => Promise<T>) => ask(ports[0] as number, step);
    // A forced failover needs a replica the sentinel knows and sees healthy.
    await until(
      async () => {
        const replicas = (await sentinel((redis) => redis.call('SENTINEL', 'REPLICAS', name))) as string[][];
        return replicas.some((fields) => fields.includes('slave') && fields.includes('ok'));
      },
      'the sentinel did not discover the replica',
      20_000,
    );
    const primaryPort = async () =>
      Number(((await sentinel((redis) => redis.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name))) as string[])[1]);
    return {
      sentinels: ports.map((port) => `127.0.0.1:${port}`),
      name,
      primaryPort,
      async failover() {
        const before = await primaryPort();
        await sentinel((redis) => redis.call('SENTINEL', 'FAILOVER', name));
        await until(async () => (await primaryPort()) !== before, 'the sentinels did not switch primary', 20_000);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
