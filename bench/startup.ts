import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MOTO_ACCOUNT } from './accounts.js';
import type { Comparison } from './comparison.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'dist', 'core', 'cli', 'bin', 'simian.js');

// The calls a dry `gorilla --zone <z>` makes on an empty account whose id is configured: does the zone exist, the
// inventory (groups and instances at once).
const SDK_SCRIPT = `
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeAvailabilityZonesCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
const [region, zone] = process.argv.slice(2);
const config = { region, endpoint: process.env.AWS_ENDPOINT_URL };
const ec2 = new EC2Client(config);
const zones = await ec2.send(new DescribeAvailabilityZonesCommand({}));
if (!zones.AvailabilityZones?.some((found) => found.ZoneName === zone)) throw new Error('no such zone');
await Promise.all([
  new AutoScalingClient(config).send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 100 })),
  ec2.send(new DescribeInstancesCommand({ MaxResults: 1000 })),
]);
console.log('no instance to terminate');
`;

export interface StartupOptions {
  readonly motoUrl: string;
  readonly redisUrl: string;
  /** A region no other benchmark seeds: the account is empty there. */
  readonly region: string;
  readonly runs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Wall time of one child process, in ms; a non-zero exit fails the benchmark with the child's stderr. */
function spawnMs(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env, cwd, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.trim().slice(0, 400)}`);
  }
  return ms;
}

/** Runs each pair `runs` times, interleaved (ours, baseline, ours, ...), so that both see the same machine load. */
function pairedMedians(runs: number, ours: () => number, baseline: () => number) {
  const a: number[] = [];
  const b: number[] = [];
  ours();
  baseline();
  for (let run = 0; run < runs; run++) {
    a.push(ours());
    b.push(baseline());
  }
  return { ours: median(a), baseline: median(b) };
}

/**
 * Startup time of the built CLI (`npm run build` first): `simian --help` against `node -e 0`, and a dry
 * `gorilla --zone` on an empty account against a plain SDK script making the same AWS calls, both against the
 * benchmark's moto.
 */
export function benchStartup(options: StartupOptions): Comparison {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'simian-startup-'));
  // moto's one account, allowed; the run stays a dry run (armed: false and --dry-run).
  writeFileSync(
    join(dir, 'simian.yaml'),
    `armed: false\nregions: [${options.region}]\naccounts:\n  - id: "${MOTO_ACCOUNT}"\nallowlist:\n  accounts: ["${MOTO_ACCOUNT}"]\n`,
  );
  try {
    // The plain script must resolve the SDK from the repository, so it lives there for the run.
    const script = join(root, 'bench', `.startup-baseline-${process.pid}.mjs`);
    writeFileSync(script, SDK_SCRIPT);
    const zone = `${options.region}a`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_ENDPOINT_URL: options.motoUrl,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: options.region,
      SIMIAN_REDIS_URL: options.redisUrl,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
    try {
      const help = pairedMedians(
        options.runs,
        () => spawnMs([BIN, '--help'], env, dir),
        () => spawnMs(['-e', '0'], env, dir),
      );
      const gorilla = pairedMedians(
        options.runs,
        () => spawnMs([BIN, 'gorilla', '--zone', zone, '--dry-run'], env, dir),
        () => spawnMs([script, options.region, zone], env, dir),
      );
      const ratio = (side: { ours: number; baseline: number }) => (side.ours / side.baseline).toFixed(2);
      return {
        title: `Startup: the built CLI (median of ${options.runs} runs each, interleaved)`,
        rows: [
          { metric: 'simian --help', ours: help.ours, baseline: help.baseline, unit: 'ms', better: 'lower' },
          {
            metric: `gorilla --zone ${zone} --dry-run (empty account)`,
            ours: gorilla.ours,
            baseline: gorilla.baseline,
            unit: 'ms',
            better: 'lower',
          },
        ],
        notes: [
          `--help: ${ratio(help)}x node -e 0 (target at most 3x)`,
          `gorilla dry run: ${ratio(gorilla)}x a plain SDK script (target at most 1.3x)`,
          'baseline of --help: `node -e 0`; of gorilla: one .mjs importing the EC2 and Auto Scaling clients and making the same 3 calls (DescribeAvailabilityZones, then DescribeAutoScalingGroups and DescribeInstances at once; the account id comes from the config, so no STS)',
          `each side a fresh node process (${process.version}) spawned from a temporary directory whose simian.yaml allows moto's account; moto and Redis are the benchmark's own`,
        ],
      };
    } finally {
      rmSync(script, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
