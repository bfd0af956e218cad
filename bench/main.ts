// `npm run bench [-- terminate inventory tracker] [--json]`: starts its own moto and Redis on free loopback ports, seeds each
// fleet once, runs the chosen benchmarks (all by default) and prints ours, the baseline and the ratio for each.
import { Redis } from 'ioredis';
import { AwsClients } from '../core/aws/clients.js';
import { type Peer, startMoto, startRedis } from '../core/sandbox/peers.js';
import { seedFleet } from '../core/sandbox/seed.js';
import { benchCalls, type CallsSizes } from './calls.js';
import { type Comparison, type JsonRow, jsonRows, renderComparison } from './comparison.js';
import { benchCustodian } from './custodian.js';
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

// Whole commands' AWS calls against the minimum. The issue asks for 10,000 instances in 1,000 groups, 3,000 for
// gorilla and 10,000 volumes and snapshots; moto renders each instance, volume and snapshot by scanning every tag in
// its region, so a listing costs instances x tags (10,000 instances: about 10 minutes for one DescribeInstances
// page). Gorilla keeps the 3,000; inventory keeps the 1,000 groups (10 pages) with 2 instances each;
// the janitor sweeps 1,000 volumes and 1,000 snapshots. Each fleet in its own region, so that no scan sees another's tags.
const CALLS: CallsSizes = {
  inventory: { region: 'ca-central-1', zone: 'ca-central-1a', groups: 1000, perGroup: 2 },
  gorilla: { region: 'eu-central-1', zone: 'eu-central-1a', groups: 300, perGroup: 10 },
  janitor: { region: 'sa-east-1', zone: 'sa-east-1a', volumes: 1000, snapshots: 1000 },
};

// The planning figure: 100,000 instances in 10,000 groups, built in memory (no moto).
const PLANNING = { groups: 10_000, instances: 100_000, runs: 5 };

// The built CLI against node itself and a plain SDK script, in a region no other benchmark seeds (empty account).
const STARTUP = { region: 'ap-southeast-2', runs: 10 };

// No-op jobs through simian's worker and a raw BullMQ worker; then a steady 50 jobs/s for the dispatch latency.
const QUEUE = { jobs: 3000, rounds: 5, ratePerSecond: 50, seconds: 6 };
const WORKER_MEMORY = { idleMs: 3000 };
// The figure: a worker holding 100,000 instances in 10,000 groups stays within 150 MB.
const SNAPSHOT_MEMORY = { groups: 10_000, instances: 100_000 };

// Janitor's mark pass against Cloud Custodian's: unused volumes and snapshots among used ones, in a region of its own.
const CUSTODIAN = {
  region: 'us-east-2',
  zones: ['us-east-2a', 'us-east-2b'],
  instances: 100,
  attachedVolumes: 100,
  detachedVolumes: 1500,
  unusedSnapshots: 1500,
  images: 100,
};

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
  'calls',
  'custodian',
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

/** What a benchmark runs against: the SDK clients on moto, moto's URL and the Redis peer (when it needs them). */
interface BenchPeers {
  readonly clients: AwsClients;
  readonly motoUrl: string;
  readonly redis: Peer;
}

const RUNNERS: Record<BenchmarkName, (peers: BenchPeers) => Comparison | Promise<Comparison>> = {
  terminate: ({ clients }) => terminate(clients),
  inventory: ({ clients }) => inventory(clients),
  tracker: ({ redis }) => tracker(redis),
  recheck: ({ clients, redis }) => recheck(clients, redis),
  planning: () => benchPlanning(PLANNING),
  army: () => benchArmyPlanning(PLANNING),
  startup: ({ motoUrl, redis }) => benchStartup({ ...STARTUP, motoUrl, redisUrl: redis.url }),
  queue: ({ redis }) => benchQueue({ ...QUEUE, redisUrl: redis.url }),
  worker: ({ redis }) => benchWorkerMemory({ ...WORKER_MEMORY, redisUrl: redis.url }),
  calls: ({ clients, motoUrl, redis }) => benchCalls(clients, { motoUrl, redisUrl: redis.url }, CALLS),
  custodian: ({ clients, motoUrl, redis }) =>
    benchCustodian(clients, motoUrl, { ...CUSTODIAN, redisUrl: redis.url }, progress),
  snapshot: () => benchSnapshotMemory(SNAPSHOT_MEMORY),
};

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
      const comparison = await RUNNERS[name]({ clients, motoUrl: moto?.url as string, redis: redis as Peer });
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
