import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  ModifySnapshotAttributeCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../core/aws/clients.js';
import { collectPages } from '../core/aws/resources/support.js';
import { seedLeftovers } from '../core/sandbox/seed-leftovers.js';
import { DETACHED_SEEN_AT_TAG, RULE_TAG } from '../monkeys/janitor/tags.js';
import { MOTO_ACCOUNT } from './accounts.js';
import type { Comparison, Row } from './comparison.js';
import { ensureCustodian } from './custodian-install.js';
import { timed } from './measure.js';
import { type ProxyFigures, startFaultProxy } from './torture/fault-proxy.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'dist', 'core', 'cli', 'bin', 'simian.js');
const DAY_MS = 86_400_000;
/** The tag Cloud Custodian's mark-for-op writes by default. */
const CUSTODIAN_TAG = 'maid_status';

export interface CustodianBenchOptions {
  readonly redisUrl: string;
  readonly region: string;
  readonly zones: readonly string[];
  readonly instances: number;
  readonly attachedVolumes: number;
  readonly detachedVolumes: number;
  readonly unusedSnapshots: number;
  readonly images: number;
}

// Janitor's two rules as the schedule entry sets them. A detached volume counts from the day Janitor first saw it
// detached (seeded 40 days back, as after weeks of runs); moto dates every snapshot now, so its age threshold is 0.
const JANITOR_SCHEDULE = `schedules:
  - id: bench-janitor
    monkey: janitor
    params:
      types: [volume, snapshot]
      rules:
        detached-volume: { days: 30 }
        unused-snapshot: { days: 0 }
`;

// The equivalent Cloud Custodian policies: what Janitor's rules flag, each marked for deletion in 3 days. The
// owner-id query is what Janitor sends too: moto ignores OwnerIds=self for snapshots (AWS honours it) and would
// answer some 1,200 public ones. `sharing` adds c7n's cross-account filter (SnapshotCrossAccountAccess: one
// DescribeSnapshotAttribute createVolumePermission per snapshot, as Janitor reads), negated: a snapshot another
// account may use is not flagged. Without it the policy does less safety work than Janitor.
function custodianPolicy(sharing: boolean): string {
  const notShared = sharing ? '\n      - not:\n          - type: cross-account' : '';
  return `policies:
  - name: ebs-unattached
    resource: ebs
    filters:
      - State: available
      - Attachments: empty
    actions:
      - type: mark-for-op
        op: delete
        days: 3
  - name: ebs-snapshot-unused
    resource: ebs-snapshot
    query:
      - owner-id: "${MOTO_ACCOUNT}"
    filters:
      - State: completed
      - type: age
        days: 0
      - type: unused
        value: true${notShared}
    actions:
      - type: mark-for-op
        op: delete
        days: 3
`;
}

/** The account the seed shares one unused snapshot with: that one must not be flagged by a tool that checks. */
const OTHER_ACCOUNT = '111122223333';

interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a command to its end without blocking this process (the counting proxy answers from its event loop). */
function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<ChildRun> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', (error) => resolve({ code: null, stdout, stderr: error.message, ms: 0 }));
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - start }));
  });
}

/** One side's run behind its own counting proxy (no faults): wall time and the calls that reached moto. */
async function counted(motoUrl: string, work: (endpoint: string) => Promise<ChildRun>, what: string) {
  const proxy = await startFaultProxy(motoUrl);
  try {
    const run = await work(proxy.url);
    if (run.code !== 0) {
      throw new Error(`${what} exited ${run.code}: ${(run.stderr || run.stdout).trim().slice(-600)}`);
    }
    return { run, figures: proxy.figures };
  } finally {
    await proxy.close();
  }
}

function sandboxEnv(region: string, endpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  return env;
}

const tagged = (tags: readonly Tag[] | undefined, key: string) => (tags ?? []).some((tag) => tag.Key === key);

/** Which volumes and snapshots carry each tool's mark, read straight from moto (not through the proxies). */
async function marked(clients: AwsClients, region: string) {
  const ec2 = clients.ec2({ region });
  const [volumes, snapshots] = await Promise.all([
    collectPages(async (token) => {
      const page = await ec2.send(new DescribeVolumesCommand({ NextToken: token, MaxResults: 500 }));
      return { items: page.Volumes, next: page.NextToken };
    }),
    collectPages(async (token) => {
      const page = await ec2.send(
        new DescribeSnapshotsCommand({ OwnerIds: ['self'], NextToken: token, MaxResults: 1000 }),
      );
      return { items: page.Snapshots, next: page.NextToken };
    }),
  ]);
  const ids = (items: readonly { Tags?: Tag[] }[], id: (item: never) => string | undefined, key: string) =>
    new Set(items.filter((item) => tagged(item.Tags, key)).map((item) => id(item as never) as string));
  const volumeId = (volume: { VolumeId?: string }) => volume.VolumeId;
  const snapshotId = (snapshot: { SnapshotId?: string }) => snapshot.SnapshotId;
  return {
    volumes: volumes.length,
    snapshots: snapshots.length,
    ours: { volumes: ids(volumes, volumeId, RULE_TAG), snapshots: ids(snapshots, snapshotId, RULE_TAG) },
    baseline: {
      volumes: ids(volumes, volumeId, CUSTODIAN_TAG),
      snapshots: ids(snapshots, snapshotId, CUSTODIAN_TAG),
    },
  };
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));

const sum = (figures: ProxyFigures, match: (action: string) => boolean) =>
  [...figures.forwarded].reduce((total, [action, calls]) => total + (match(action) ? calls : 0), 0);

/** "DescribeVolumes 3 (4.1 s), CreateTags 120 (2.0 s), …", busiest first, with the time moto took on each. */
const breakdown = (figures: ProxyFigures) =>
  [...figures.forwarded]
    .sort((a, b) => b[1] - a[1])
    .map(([action, calls]) => `${action} ${calls} (${((figures.answerMs.get(action) ?? 0) / 1000).toFixed(1)} s)`)
    .join(', ');

/**
 * Janitor's mark pass against Cloud Custodian's equivalent policies, on one moto seeded with unused volumes and
 * snapshots among used ones. Each side is its own CLI process behind its own counting proxy: wall time and AWS calls
 * are measured identically. Both must mark exactly the seeded unused resources, or the benchmark fails.
 */
export async function benchCustodian(
  clients: AwsClients,
  motoUrl: string,
  options: CustodianBenchOptions,
  progress: (message: string) => void,
): Promise<Comparison> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const custodian = await ensureCustodian(progress);
  if ('missing' in custodian) {
    progress(`Cloud Custodian is not available (${custodian.missing}): the custodian benchmark is skipped`);
    return { title: 'Janitor against Cloud Custodian: skipped', rows: [], notes: [custodian.missing] };
  }
  const installed =
    custodian.installMs === null ? 'already installed' : `installed in ${(custodian.installMs / 1000).toFixed(1)} s`;
  progress(`Cloud Custodian ${custodian.version} (${installed})`);

  const seeded = await timed(() =>
    seedLeftovers(clients, {
      region: options.region,
      zones: options.zones,
      instances: options.instances,
      attachedVolumes: options.attachedVolumes,
      detachedVolumes: options.detachedVolumes,
      detachedTags: { [DETACHED_SEEN_AT_TAG]: new Date(Date.now() - 40 * DAY_MS).toISOString() },
      unusedSnapshots: options.unusedSnapshots,
      images: options.images,
    }),
  );
  const unused = seeded.value.unused;
  // One unused snapshot shared with another account: Janitor and Custodian with cross-account leave it alone.
  const shared = unused.snapshots[0] as string;
  await clients.ec2({ region: options.region }).send(
    new ModifySnapshotAttributeCommand({
      SnapshotId: shared,
      Attribute: 'createVolumePermission',
      OperationType: 'add',
      UserIds: [OTHER_ACCOUNT],
    }),
  );
  progress(
    `seeded ${unused.volumes.length} detached volumes and ${unused.snapshots.length} unused snapshots (one shared ` +
      `with ${OTHER_ACCOUNT}) among ${options.instances} instances (root volumes), ${options.attachedVolumes} ` +
      `attached volumes and ${options.images} images (their snapshots) in ${options.region} ` +
      `(${(seeded.ms / 1000).toFixed(1)} s)`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'simian-bench-c7n-'));
  try {
    mkdirSync(join(dir, 'schedules'));
    writeFileSync(
      join(dir, 'simian.yaml'),
      `armed: true\nregions: [${options.region}]\naccounts:\n  - id: "${MOTO_ACCOUNT}"\n` +
        `redis:\n  url: ${options.redisUrl}\n  prefix: bench-c7n-${process.pid}\n` +
        // botocore's defaults (60 s to connect, 60 s to read): a big moto takes longer than ours (3 s, 15 s).
        'aws:\n  connectTimeout: 60s\n  requestTimeout: 60s\n' +
        'calendar:\n  timezone: UTC\n  days: [mon, tue, wed, thu, fri, sat, sun]\n  start: "00:00"\n  end: "23:59"\n',
    );
    writeFileSync(join(dir, 'schedules', 'janitor.yaml'), JANITOR_SCHEDULE);
    const custodianRun = async (variant: 'plain' | 'sharing') => {
      writeFileSync(join(dir, `${variant}.yml`), custodianPolicy(variant === 'sharing'));
      const side = await counted(
        motoUrl,
        (endpoint) =>
          runChild(
            custodian.command,
            ['run', '-s', join(dir, variant), '-r', options.region, '--cache', join(dir, `${variant}.cache`)].concat(
              `${variant}.yml`,
            ),
            sandboxEnv(options.region, endpoint),
            dir,
          ),
        `custodian run (${variant})`,
      );
      progress(`custodian run (${variant}): ${(side.run.ms / 1000).toFixed(1)} s, ${side.figures.calls} AWS calls`);
      return side;
    };

    // The baselines go first: ours then lists resources that carry their extra tag, never the other way round.
    // The equal-work one second, so that it and ours both list what the first one tagged.
    const plain = await custodianRun('plain');
    const sharing = await custodianRun('sharing');
    const ours = await counted(
      motoUrl,
      (endpoint) =>
        runChild(
          process.execPath,
          [BIN, 'janitor', '-c', join(dir, 'simian.yaml'), '--region', options.region, '--no-dry-run', '--yes'],
          sandboxEnv(options.region, endpoint),
          dir,
        ),
      'simian janitor',
    );
    progress(`simian janitor: ${(ours.run.ms / 1000).toFixed(1)} s, ${ours.figures.calls} AWS calls`);

    const found = await marked(clients, options.region);
    const everyUnused = { volumes: new Set(unused.volumes), snapshots: new Set(unused.snapshots) };
    const notShared = { ...everyUnused, snapshots: new Set(unused.snapshots.filter((id) => id !== shared)) };
    const flagged = (variant: string, policy: string, key: 'VolumeId' | 'SnapshotId') =>
      new Set(
        (
          JSON.parse(readFileSync(join(dir, variant, policy, 'resources.json'), 'utf8')) as Record<string, string>[]
        ).map((resource) => resource[key] as string),
      );
    const sides = [
      // The plain policy marks the shared snapshot too: it does not ask.
      ['custodian (plain), tags on moto', found.baseline, everyUnused],
      [
        'custodian (cross-account), its resources.json',
        {
          volumes: flagged('sharing', 'ebs-unattached', 'VolumeId'),
          snapshots: flagged('sharing', 'ebs-snapshot-unused', 'SnapshotId'),
        },
        notShared,
      ],
      ['simian janitor, tags on moto', found.ours, notShared],
    ] as const;
    for (const [side, sets, expected] of sides) {
      if (!sameSet(sets.volumes, expected.volumes) || !sameSet(sets.snapshots, expected.snapshots)) {
        throw new Error(
          `${side}: ${sets.volumes.size} volumes and ${sets.snapshots.size} snapshots marked, not the ${expected.volumes.size} and ${expected.snapshots.size} expected: the runs did different work; simian janitor said: ${ours.run.stdout.trim().slice(-1500)}`,
        );
      }
    }
    const isSharingRead = (action: string) => action === 'DescribeSnapshotAttribute';
    const isTagWrite = (action: string) => action === 'CreateTags';
    const seconds = (side: { run: ChildRun }) => side.run.ms / 1000;
    const row = (metric: string, ours: number, baseline: number, unit = ''): Row => ({
      metric,
      ours,
      baseline,
      unit,
      better: 'lower',
    });
    const rows: Row[] = [
      row('vs custodian + cross-account: wall time of the mark pass', seconds(ours), seconds(sharing), 's'),
      row('vs custodian + cross-account: AWS calls', ours.figures.calls, sharing.figures.calls),
      row(
        'vs custodian + cross-account: sharing reads (DescribeSnapshotAttribute)',
        sum(ours.figures, isSharingRead),
        sum(sharing.figures, isSharingRead),
      ),
      row(
        'vs custodian + cross-account: tag-writing calls (CreateTags)',
        sum(ours.figures, isTagWrite),
        sum(sharing.figures, isTagWrite),
      ),
      row('vs plain custodian: wall time of the mark pass', seconds(ours), seconds(plain), 's'),
      row('vs plain custodian: AWS calls', ours.figures.calls, plain.figures.calls),
      row(
        'vs plain custodian: AWS calls but the sharing reads',
        sum(ours.figures, (action) => !isSharingRead(action)),
        sum(plain.figures, (action) => !isSharingRead(action)),
      ),
      row(
        'vs plain custodian: sharing reads (DescribeSnapshotAttribute)',
        sum(ours.figures, isSharingRead),
        sum(plain.figures, isSharingRead),
      ),
    ];
    return {
      title: `Janitor mark pass against Cloud Custodian: ${everyUnused.volumes.size} detached volumes and ${everyUnused.snapshots.size} unused snapshots (one shared) among ${found.volumes} volumes and ${found.snapshots} snapshots`,
      rows,
      notes: [
        `simian janitor and custodian with cross-account marked the same ${notShared.volumes.size} volumes and ${notShared.snapshots.size} snapshots, all but the shared one; plain custodian marked the shared one too (checked id by id: tags read back from moto, the cross-account run's resources.json); no root volume, attached volume or image snapshot was marked`,
        'ours: `simian janitor --no-dry-run --yes` (armed config, no notification channel: the mark pass alone), rules detached-volume (30 days, from a seeded detached-seen-at 40 days back) and unused-snapshot (0 days)',
        `baselines: Cloud Custodian ${custodian.version} \`custodian run\`, policies ebs (State available, no Attachments) and ebs-snapshot (completed, age 0, unused) each with mark-for-op delete in 3 days; the equal-work one adds \`not: [cross-account]\` to the snapshots (one DescribeSnapshotAttribute per unused snapshot, as ours) (${installed})`,
        'each side is one fresh CLI process behind its own counting proxy in front of the same moto (AWS_ENDPOINT_URL / --endpoint-url): plain custodian, custodian with cross-account, then ours',
        'ours reads more than the snapshots and volumes: every type that can use one (instances, templates and their versions, launch configurations, images, groups, balancers, addresses), each listed once, and right before tagging the marked types again (the opt-in re-check); custodian reads volumes, snapshots, groups and images once and tags without a re-read',
        'by action, the calls and the time moto took answering them (added up: parallel calls overlap)',
        `ours by action: ${breakdown(ours.figures)}`,
        `custodian + cross-account by action: ${breakdown(sharing.figures)}`,
        `plain custodian by action: ${breakdown(plain.figures)}`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
