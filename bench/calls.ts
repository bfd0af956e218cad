import type { AwsClients } from '../core/aws/clients.js';
import { MAX_GROUP_PAGE, MAX_INSTANCE_PAGE } from '../core/aws/inventory.js';
import { ALWAYS_OPEN_CALENDAR } from '../core/sandbox/always-open-calendar.js';
import { seedFleet } from '../core/sandbox/seed.js';
import { WORLD_READS } from '../monkeys/janitor/world.js';
import { MOTO_ACCOUNT } from './accounts.js';
import { type CountedRun, countCliCalls, describeCalls } from './aws-calls.js';
import type { Comparison, Row } from './comparison.js';
import { timed } from './measure.js';

/** The sizes of the three figures (the issue's: 10,000 instances in 1,000 groups; 3,000; 10,000 volumes and snapshots). */
export interface CallsSizes {
  readonly inventory: {
    readonly region: string;
    readonly zone: string;
    readonly groups: number;
    readonly perGroup: number;
  };
  readonly gorilla: {
    readonly region: string;
    readonly zone: string;
    readonly groups: number;
    readonly perGroup: number;
  };
  readonly janitor: {
    readonly region: string;
    readonly zone: string;
    readonly volumes: number;
    readonly snapshots: number;
  };
}

// AWS's largest pages and batches, each the most one call can carry.
const TERMINATE_PER_CALL = 1000; // TerminateInstances: up to 1,000 instance ids
const CREATE_TAGS_PER_CALL = 1000; // CreateTags: up to 1,000 resource ids, one tag set
const VOLUMES_PER_PAGE = 500; // DescribeVolumes MaxResults
const SNAPSHOTS_PER_PAGE = 1000; // DescribeSnapshots MaxResults

const pages = (items: number, perPage: number) => Math.max(1, Math.ceil(items / perPage));

/**
 * The fewest calls any script needs to list a region's groups and instances: every group and every instance must be
 * read, and one call returns at most a page. moto pages DescribeInstances by reservation (AWS by instance), so the
 * page count is over reservations here; the seeds launch each group's instances in one reservation.
 */
export function minimumInventoryCalls(groups: number, reservations: number): number {
  return pages(groups, MAX_GROUP_PAGE) + pages(reservations, MAX_INSTANCE_PAGE);
}

/**
 * The fewest calls for an armed zone outage with every guard on: the inventory above; one DescribeAvailabilityZones
 * (a zone that does not exist is refused, not planned against); the opt-in re-check, which must read afresh right
 * before acting every group acted in (100 names a call) and every instance terminated (1,000 ids a call), since
 * tags and membership may have changed since the inventory; and the terminations, 1,000 ids a call. The kill switch,
 * calendar, caps and account allowlist are decided from the config and Redis, with no AWS call.
 */
export function minimumGorillaCalls(fleet: { groups: number; reservations: number; terminated: number }): number {
  return (
    minimumInventoryCalls(fleet.groups, fleet.reservations) +
    1 +
    pages(fleet.groups, MAX_GROUP_PAGE) +
    pages(fleet.terminated, MAX_INSTANCE_PAGE) +
    pages(fleet.terminated, TERMINATE_PER_CALL)
  );
}

/**
 * The fewest calls for the Janitor's first sweep of a region whose volumes and snapshots are all unused: one
 * listing of each type the use checks read (nothing may be marked before every type that could use it was read),
 * at its largest page, plus one DescribeLaunchTemplateVersions per template (every version counts as a use); who
 * may create volumes from each candidate snapshot (DescribeSnapshotAttribute createVolumePermission: a snapshot
 * shared with another account is never deleted, and AWS answers it one snapshot a call, with no batched form and no
 * filter that finds every snapshot shared with a given account, so every candidate costs one call); the re-check
 * before marking (an opt-out tag added since the listing must hold), at best one more listing of the two types;
 * then the marks, one CreateTags per 1,000 resources that get the same tags (a volume's mark names its rule, a
 * snapshot's another). `otherListings` counts the listings of the other types (groups, instances, images,
 * templates, load balancers, addresses ...), one page each on an otherwise empty region, and `templates` the
 * launch templates.
 */
export function minimumJanitorCalls(fleet: {
  volumes: number;
  snapshots: number;
  otherListings: number;
  templates: number;
}): number {
  const listing = pages(fleet.volumes, VOLUMES_PER_PAGE) + pages(fleet.snapshots, SNAPSHOTS_PER_PAGE);
  const sharing = fleet.snapshots;
  const marks = pages(fleet.volumes, CREATE_TAGS_PER_CALL) + pages(fleet.snapshots, CREATE_TAGS_PER_CALL);
  return listing + fleet.otherListings + fleet.templates + sharing + listing + marks;
}

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

function baseConfig(region: string, redisUrl: string, prefix: string) {
  return {
    regions: [region],
    accounts: [{ id: MOTO_ACCOUNT }],
    redis: { url: redisUrl, prefix },
    // A big moto fleet answers slowly: give each call room (a user's default is 15 s).
    aws: { requestTimeout: '300s' },
  };
}

/** The config of an armed run with every guard on: allowlisted account, calendar open all day, caps, kill switch. */
function armedConfig(region: string, redisUrl: string, prefix: string, maxPerRun: number) {
  return {
    ...baseConfig(region, redisUrl, prefix),
    armed: true,
    calendar: ALWAYS_OPEN_CALENDAR,
    caps: { maxPerRun, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: maxPerRun },
  };
}

function checked(what: string, run: CountedRun): CountedRun {
  if (run.code !== 0)
    throw new Error(`${what} exited ${run.code}: ${run.stderr.slice(-600) || run.stdout.slice(-600)}`);
  return run;
}

async function seedGroups(
  clients: AwsClients,
  what: string,
  fleet: { region: string; zone: string; groups: number; perGroup: number },
  tags: Record<string, string> = {},
) {
  const { value, ms } = await timed(() =>
    seedFleet(clients, {
      region: fleet.region,
      zones: [fleet.zone],
      groups: Array.from({ length: fleet.groups }, (_, index) => ({
        name: `${what}-${String(index).padStart(4, '0')}`,
        tags,
        instancesPerZone: fleet.perGroup,
        launchedByGroup: true,
      })),
    }),
  );
  const instances = value.groups.reduce((sum, group) => sum + group.instanceIds.length, 0);
  progress(
    `seeded ${value.groups.length} groups, ${instances} instances in ${fleet.region} (${(ms / 1000).toFixed(1)} s)`,
  );
  return { instances, seconds: ms / 1000 };
}

function callsRow(metric: string, ours: number, minimum: number): Row {
  progress(`${metric}: ${ours} calls, minimum ${minimum}`);
  return { metric, ours, baseline: minimum, unit: '', better: 'lower' };
}

/**
 * AWS calls of three whole commands as a user runs them (`simian inventory`, an armed `simian gorilla`, an armed
 * `simian janitor`), counted on the wire, against the fewest calls a hand-written script needs for the same job.
 */
export async function benchCalls(
  clients: AwsClients,
  peers: { motoUrl: string; redisUrl: string },
  sizes: CallsSizes,
): Promise<Comparison> {
  const prefix = `bench-calls-${Date.now().toString(36)}`;
  const notes: string[] = [];
  const rows: Row[] = [];

  const inv = sizes.inventory;
  const invSeed = await seedGroups(clients, 'inventory', inv);
  const inventory = checked(
    'simian inventory',
    await countCliCalls(peers.motoUrl, ['inventory', '--region', inv.region, '--json'], {
      ...baseConfig(inv.region, peers.redisUrl, `${prefix}-inventory`),
    }),
  );
  rows.push(
    callsRow(
      `inventory of ${invSeed.instances} instances, ${inv.groups} groups`,
      inventory.calls,
      minimumInventoryCalls(inv.groups, inv.groups),
    ),
  );
  notes.push(
    `inventory: ${describeCalls(inventory.byAction)} (${(inventory.ms / 1000).toFixed(1)} s; seeding ${invSeed.seconds.toFixed(0)} s)`,
  );

  const gor = sizes.gorilla;
  const gorSeed = await seedGroups(clients, 'gorilla', gor, { 'simian:gorilla': 'enabled' });
  const gorilla = checked(
    'simian gorilla --no-dry-run',
    await countCliCalls(peers.motoUrl, ['gorilla', '--zone', gor.zone, '--no-dry-run', '--yes', '--json'], {
      ...armedConfig(gor.region, peers.redisUrl, `${prefix}-gorilla`, gorSeed.instances),
    }),
  );
  const terminated = (JSON.parse(gorilla.stdout) as { summary: { done: number } }).summary.done;
  if (terminated !== gorSeed.instances) {
    throw new Error(`the armed gorilla terminated ${terminated} of ${gorSeed.instances} instances`);
  }
  rows.push(
    callsRow(
      `armed gorilla over ${gorSeed.instances} instances, ${gor.groups} groups`,
      gorilla.calls,
      minimumGorillaCalls({ groups: gor.groups, reservations: gor.groups, terminated }),
    ),
  );
  notes.push(
    `gorilla: ${describeCalls(gorilla.byAction)} (${(gorilla.ms / 1000).toFixed(1)} s; seeding ${gorSeed.seconds.toFixed(0)} s)`,
  );

  const jan = sizes.janitor;
  const janSeed = await timed(() =>
    seedFleet(clients, {
      region: jan.region,
      zones: [jan.zone],
      // Untagged: moto's every render scans the region's tags, and the marks add three per resource.
      volumes: { detached: jan.volumes },
      snapshots: jan.snapshots,
    }),
  );
  // seedSnapshots takes its snapshots of the first volume: the volumes listed are the detached ones.
  const volumes = janSeed.value.volumes.detached.length;
  const snapshots = janSeed.value.snapshotIds.length;
  progress(`seeded ${volumes} volumes, ${snapshots} snapshots in ${jan.region} (${(janSeed.ms / 1000).toFixed(1)} s)`);
  const janitorArgs = ['janitor', '--type', 'volume,snapshot', '--no-dry-run', '--yes', '--json'];
  const janitorConfig = armedConfig(jan.region, peers.redisUrl, `${prefix}-janitor`, 100);
  // Rules at 0 days: every fresh volume and snapshot is a candidate on the first sweep.
  const janitorSchedule = {
    'janitor.yaml': {
      schedules: [
        {
          id: 'janitor-bench',
          monkey: 'janitor',
          enabled: true,
          cron: '30 10 * * 1-5',
          armed: true,
          params: { rules: { 'detached-volume': { days: 0 }, 'unused-snapshot': { days: 0 } } },
        },
      ],
    },
  };
  const sweep = checked(
    'simian janitor --no-dry-run',
    await countCliCalls(peers.motoUrl, janitorArgs, janitorConfig, janitorSchedule),
  );
  const marked = (JSON.parse(sweep.stdout) as { summary: { done: number } }).summary.done;
  rows.push(
    callsRow(
      `janitor sweep of ${volumes} volumes, ${snapshots} snapshots`,
      sweep.calls,
      minimumJanitorCalls({
        volumes,
        snapshots,
        otherListings: WORLD_READS.filter((type) => type !== 'volume' && type !== 'snapshot').length,
        templates: 1, // the seed's launch template
      }),
    ),
  );
  notes.push(
    `janitor: ${marked} done; ${describeCalls(sweep.byAction)} (${(sweep.ms / 1000).toFixed(1)} s; seeding ${(janSeed.ms / 1000).toFixed(0)} s)`,
  );

  return {
    title: 'AWS calls of whole commands against the fewest a hand-written script needs',
    rows,
    notes: [
      ...notes,
      'ours: the CLI in-process with a config file, every call counted by a proxy in front of moto; baseline: the formula in bench/calls.ts for the same job (each written with why it is the minimum)',
    ],
  };
}
