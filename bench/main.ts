// `npm run bench [-- terminate inventory tracker] [--json]`: starts its own moto and Redis on free loopback ports, seeds each
// fleet once, runs the chosen benchmarks (all by default) and prints ours, the baseline and the ratio for each.
import { Redis } from 'ioredis';
import { AwsClients } from '../core/aws/clients.js';
import { type Peer, startMoto, startRedis } from '../core/sandbox/peers.js';
import { seedFleet } from '../core/sandbox/seed.js';
import { type Comparison, type JsonRow, jsonRows, renderComparison } from './comparison.js';
import { benchGorillaRecheck } from './gorilla-recheck.js';
import { benchInventory } from './inventory.js';
import { timed } from './measure.js';
import { benchPlanning } from './planning.js';
import { benchArmyPlanning } from './planning-army.js';
import { benchQueue } from './queue.js';
import { benchSnapshotMemory } from './snapshot-memory.js';
import { benchStartup } from './startup.js';
import { benchTerminate } from './terminate.js';
import { benchTracker } from './tracker.js';
import { benchWorkerMemory } from './worker-memory.js';

// Sized so that each benchmark, seeding included, takes a few tens of seconds on 2 cores: moto slows down with every
// instance it holds (2,000 instances took 32 s to launch, and the one-by-one loop over 1,000 of them another 32 s).
const TERMINATE = { region: 'us-west-2', zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'], instances: 500 };
// More than one default page of each: 50 groups, 100 reservations.
const INVENTORY = {
  region: 'us-east-1',
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  groups: 150,
  instances: 250,
};
const TRACKER = { connections: 8, groups: 200, attemptsPerGroup: 50, limit: 3 };
// The figure: 640 opted-in instances in 160 groups, one zone; a twin fleet in a second zone for the baseline.
const RECHECK = { region: 'eu-west-1', ourZone: 'eu-west-1a', baselineZone: 'eu-west-1b', groups: 160, perGroup: 4 };

// The planning figure: 100,000 instances in 10,000 groups, built in memory (no moto).
const PLANNING = { groups: 10_000, instances: 100_000, runs: 5 };

// The built CLI against node itself and a plain SDK script, in a region no other benchmark seeds (empty account).
const STARTUP = { region: 'ap-southeast-2', runs: 10 };

// No-op jobs through simian's worker and a raw BullMQ worker; then a steady 50 jobs/s for the dispatch latency.
const QUEUE = { jobs: 3000, rounds: 5, ratePerSecond: 50, seconds: 6 };
const WORKER_MEMORY = { idleMs: 3000 };
// The figure: a worker holding 100,000 instances in 10,000 groups stays within 150 MB.
const SNAPSHOT_MEMORY = { groups: 10_000, instances: 100_000 };

const BENCHMARKS = [
  'terminate',
  'inventory',
  'tracker',
  'recheck',
  'planning',
  'army',
  'startup',
  'queue',
  'worker',
  'snapshot',
] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];

function chosen(argv: readonly string[]): BenchmarkName[] {
  const args = argv.filter((arg) => arg !== '--json');
  const unknown = args.filter((arg) => !(BENCHMARKS as readonly string[]).includes(arg));
  if (unknown.length > 0)
    throw new Error(`unknown benchmark ${unknown.join(', ')} (choose from ${BENCHMARKS.join(', ')})`);
  return args.length > 0 ? (args as BenchmarkName[]) : [...BENCHMARKS];
}

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function terminate(clients: AwsClients): Promise<Comparison> {
  const { value: fleet, ms } = await timed(() =>
    seedFleet(clients, { region: TERMINATE.region, zones: TERMINATE.zones, loose: { count: 2 * TERMINATE.instances } }),
  );
  progress(`seeded ${fleet.looseInstanceIds.length} instances in ${TERMINATE.region} (${(ms / 1000).toFixed(1)} s)`);
  const ids = fleet.looseInstanceIds;
  return benchTerminate(clients, TERMINATE.region, {
    ours: ids.slice(0, TERMINATE.instances),
    baseline: ids.slice(TERMINATE.instances),
  });
}

async function inventory(clients: AwsClients): Promise<Comparison> {
  const { value: fleet, ms } = await timed(() =>
    seedFleet(clients, {
      region: INVENTORY.region,
      zones: INVENTORY.zones,
      // Empty groups (attaching instances is what makes moto slow); every instance has its own reservation.
      groups: Array.from({ length: INVENTORY.groups }, (_, index) => ({
        name: `bench-${String(index).padStart(3, '0')}`,
        instancesPerZone: 0,
      })),
      loose: { count: INVENTORY.instances, onePerReservation: true },
    }),
  );
  const instances = fleet.looseInstanceIds.length + fleet.groups.reduce((sum, g) => sum + g.instanceIds.length, 0);
  progress(
    `seeded ${fleet.groups.length} groups, ${instances} instances in ${INVENTORY.region} (${(ms / 1000).toFixed(1)} s)`,
  );
  return benchInventory(clients, INVENTORY.region);
}

async function tracker(redisPeer: Peer): Promise<Comparison> {
  const connections = Array.from({ length: TRACKER.connections }, () => new Redis(redisPeer.url));
  try {
    return await benchTracker(connections, TRACKER);
  } finally {
    await Promise.all(connections.map((connection) => connection.quit()));
  }
}

async function recheck(clients: AwsClients, redisPeer: Peer): Promise<Comparison> {
  const { value: fleet, ms } = await timed(() =>
    seedFleet(clients, {
      region: RECHECK.region,
      zones: [RECHECK.ourZone, RECHECK.baselineZone],
      groups: Array.from({ length: RECHECK.groups }, (_, index) => ({
        name: `recheck-${String(index).padStart(3, '0')}`,
        tags: { 'simian:gorilla': 'enabled' },
        instancesPerZone: RECHECK.perGroup,
      })),
      snapshots: 0,
    }),
  );
  progress(
    `seeded ${fleet.groups.length} groups, ${2 * RECHECK.groups * RECHECK.perGroup} instances in ${RECHECK.region} (${(ms / 1000).toFixed(1)} s)`,
  );
  const redis = new Redis(redisPeer.url);
  try {
    return await benchGorillaRecheck(clients, redis, {
      ourZone: RECHECK.ourZone,
      baselineZone: RECHECK.baselineZone,
      instances: RECHECK.groups * RECHECK.perGroup,
      groups: RECHECK.groups,
    });
  } finally {
    await redis.quit();
  }
}

async function main(names: readonly BenchmarkName[], json: boolean): Promise<void> {
  const needsMoto = names.some(
    (name) => !['tracker', 'planning', 'army', 'queue', 'worker', 'snapshot'].includes(name),
  );
  const [moto, redis] = await Promise.all([
    needsMoto ? startMoto() : undefined,
    names.some((name) => !['terminate', 'inventory', 'planning', 'army', 'snapshot'].includes(name))
      ? startRedis()
      : undefined,
  ]);
  // Seeding and sweeping a big moto fleet is slow: give each call room (a user's defaults are tighter).
  const clients = new AwsClients({ endpointUrl: moto?.url, requestTimeoutMs: 120_000 });
  const rows: JsonRow[] = [];
  try {
    for (const name of names) {
      progress(`running ${name}`);
      const comparison =
        name === 'terminate'
          ? await terminate(clients)
          : name === 'inventory'
            ? await inventory(clients)
            : name === 'recheck'
              ? await recheck(clients, redis as Peer)
              : name === 'planning'
                ? benchPlanning(PLANNING)
                : name === 'army'
                  ? benchArmyPlanning(PLANNING)
                  : name === 'startup'
                    ? benchStartup({ ...STARTUP, motoUrl: moto?.url as string, redisUrl: (redis as Peer).url })
                    : name === 'queue'
                      ? await benchQueue({ ...QUEUE, redisUrl: (redis as Peer).url })
                      : name === 'worker'
                        ? await benchWorkerMemory({ ...WORKER_MEMORY, redisUrl: (redis as Peer).url })
                        : name === 'snapshot'
                          ? benchSnapshotMemory(SNAPSHOT_MEMORY)
                          : await tracker(redis as Peer);
      if (json) rows.push(...jsonRows(name, comparison));
      else process.stdout.write(`${renderComparison(comparison)}\n`);
    }
    if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } finally {
    clients.destroy();
    await Promise.all([moto?.stop(), redis?.stop()]);
  }
}

main(chosen(process.argv.slice(2)), process.argv.includes('--json')).catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
