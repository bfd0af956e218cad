import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsClients } from '../../aws/clients.js';
import { RuntimeFailure } from '../../errors.js';
import { Lifecycle } from '../../lifecycle/shutdown.js';
import { createCommandLogger } from '../../log.js';
import { takeInventory } from '../../run/fleet-inventory.js';
import { PeerMissingError, startMoto, startRedis } from '../../sandbox/peers.js';
import { seedSandboxExtras } from '../../sandbox/sandbox-extras.js';
import { SANDBOX_FLEETS } from '../../sandbox/sandbox-fleet.js';
import { type SeededFleet, seedFleet } from '../../sandbox/seed.js';
import { openCliContext } from '../context.js';
import type { DemoSandbox, DemoStep } from '../demo/demo-step.js';
import { runFleetTour } from '../demo/fleet-step.js';
import { gorillaArmedStep, gorillaDryRunStep } from '../demo/gorilla-steps.js';
import { timelineStep } from '../demo/timeline-step.js';
import type { CliRunner } from '../demo/typed-command.js';
import { shownPath } from '../demo/typed-command.js';
import { defaultInventoryMonkeys, formatInventory } from './inventory-run.js';

/** What every demo step works with: the sandbox's peers, a CLI context pointed at them, and what was seeded. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function fleetSummary(fleet: SeededFleet): string {
  const instances = fleet.groups.reduce((sum, group) => sum + group.instanceIds.length, 0);
  const extras = [
    fleet.looseInstanceIds.length > 0 ? plural(fleet.looseInstanceIds.length, 'loose instance') : '',
    fleet.volumes.detached.length > 0 ? plural(fleet.volumes.detached.length, 'detached volume') : '',
    fleet.snapshotIds.length > 0 ? plural(fleet.snapshotIds.length, 'snapshot') : '',
  ].filter(Boolean);
  const groups = `${plural(fleet.groups.length, 'Auto Scaling group')} with ${plural(instances, 'instance')}`;
  return `${fleet.region}: ${groups} over ${fleet.zones.join(', ')}${extras.length > 0 ? `; ${extras.join(', ')}` : ''}`;
}

const seedStep: DemoStep = {
  title: 'seed the sandbox fleet',
  async run(sandbox) {
    const clients = new AwsClients({ endpointUrl: sandbox.endpointUrl });
    try {
      // Regions are independent: seed them at once, report them in order.
      const fleets = await Promise.all(SANDBOX_FLEETS.map((spec) => seedFleet(clients, spec)));
      sandbox.fleets.push(...fleets);
      for (const fleet of fleets) sandbox.print(`  ${fleetSummary(fleet)}`);
      const extras = await seedSandboxExtras(clients, fleets);
      sandbox.extras = extras;
      sandbox.print(
        [
          `  and for the rest of the army: Route 53 zone sandbox.example.com (Kong's weighted api records, a dangling`,
          `  ${extras.danglingRecord}), a certificate expiring in 9 days, ${extras.elasticIps.length} Elastic IPs (80 % of the default limit),`,
          `  an AMI nothing uses (${extras.unusedImageId}), an instance its group reports unhealthy (${extras.unhealthyInstance})`,
        ].join('\n'),
      );
    } finally {
      clients.destroy();
    }
  },
};

const inventoryStep: DemoStep = {
  title: 'what simian sees',
  async run(sandbox) {
    const { context } = sandbox;
    sandbox.print(`$ simian inventory -c ${shownPath(sandbox.configPath)}`);
    const document = await takeInventory(context, context.config.global.regions, defaultInventoryMonkeys());
    sandbox.print(formatInventory(document, { tagPrefix: context.config.global.tags.prefix }));
    sandbox.print(
      [
        '',
        'What you see: each Auto Scaling group, its zones, instances per zone and size, and for each destructive',
        'monkey whether it may touch the group (✓) or not (✗), with the reason: the simian:<monkey> and simian:all',
        'tags opt a group in, "disabled" or "false" opts it out and always wins, YAML rules in sandbox/schedules',
        'narrow the choice (see checkout-prod-blue-v042 for chaos), and canary groups are never targets.',
      ].join('\n'),
    );
  },
};

/** The demo, in order. Append steps here; each prints under its own numbered title. */
export const DEMO_STEPS: DemoStep[] = [seedStep, inventoryStep, gorillaDryRunStep, gorillaArmedStep, timelineStep];

/** The repository root (where package.json and sandbox/ live), from the source tree or from dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (dirname(dir) !== dir) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'simian') {
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the simian package root (package.json)');
}

/** The CLI this package installs (package.json `bin`): the fleet's processes run what the user runs. */
function packageBin(): string {
  const root = packageRoot();
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { simian: string } };
  return join(root, manifest.bin.simian);
}

/** Commands to type in another shell while `--for` keeps the sandbox up, each with why. */
function commandsToTry(sandbox: DemoSandbox): string[] {
  const config = shownPath(sandbox.configPath);
  const armed = shownPath(sandbox.armedConfigPath);
  const commands: [string, string][] = [
    [`inventory -c ${config} --monkey gorilla`, 'who gorilla may touch, and why not'],
    [`killswitch on -c ${config} --reason "try it"`, 'then every armed run is refused, e.g.:'],
    [`gorilla --zone us-east-1b -c ${armed} --no-dry-run --yes --mode exclude --duration 1m`, ''],
    [`killswitch off -c ${config}`, ''],
    [`events -c ${config} --follow`, 'the timeline as it grows'],
    [`validate -c ${config}`, 'check the config and its schedules'],
    ['iam-policy', 'the least-privilege IAM policy simian needs'],
  ];
  return commands.map(([command, why]) => `  npx simian ${why ? `${command.padEnd(52)} ${why}` : command}`);
}

function anotherShell(sandbox: DemoSandbox): string {
  return [
    'While the fleet runs, try commands against the same sandbox in another shell:',
    `  export AWS_ENDPOINT_URL=${sandbox.endpointUrl} SIMIAN_REDIS_URL=${sandbox.redisUrl}`,
    '  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing',
    ...commandsToTry(sandbox),
  ].join('\n');
}

/** Moto accepts any key; the sandbox must never pick up a real profile or session. */
function sandboxCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

/** The short tour: long enough for every monkey's first round and the reverts of a one-minute fault. */
export const SHORT_TOUR_MS = 75_000;

export interface DemoOptions {
  /** How long the fleet runs after the steps (ms); absent: the short tour. */
  readonly keepFor?: number;
  readonly configPath?: string;
  readonly print?: (text: string) => void;
  /** The CLI the demo types its commands through. */
  readonly cli: CliRunner;
}

/** Starts moto and Redis on free loopback ports, runs every step, then keeps the sandbox up or stops it. */
export async function runDemo(options: DemoOptions): Promise<void> {
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const configPath = options.configPath ?? join(packageRoot(), 'sandbox', 'simian.yaml');
  const logger = createCommandLogger();
  const lifecycle = new Lifecycle({ logger, forceAfterMs: 10_000 });
  sandboxCredentials();
  print('simian demo — a sandbox AWS (moto) and Redis on loopback ports; nothing here touches a real account.');
  try {
    const [moto, redis] = await Promise.all([startMoto(), startRedis()]).catch((error: unknown) => {
      if (error instanceof PeerMissingError)
        throw new RuntimeFailure(`${error.message} (or run: bash scripts/ensure-peers.sh)`);
      throw error;
    });
    lifecycle.add('moto', () => moto.stop());
    lifecycle.add('redis', () => redis.stop());
    // The commands the demo types read Redis's address from the environment, as they would in the user's shell.
    const redisUrl = process.env.SIMIAN_REDIS_URL;
    process.env.SIMIAN_REDIS_URL = redis.url;
    lifecycle.add('environment', async () => {
      if (redisUrl === undefined) delete process.env.SIMIAN_REDIS_URL;
      else process.env.SIMIAN_REDIS_URL = redisUrl;
    });
    const context = openCliContext({ config: configPath, endpointUrl: moto.url, dryRun: true }, { logger });
    lifecycle.add('context', () => context.close());
    const sandbox: DemoSandbox = {
      endpointUrl: moto.url,
      redisUrl: redis.url,
      configPath,
      armedConfigPath: join(packageRoot(), 'sandbox', 'simian-armed.yaml'),
      context,
      fleets: [],
      print,
      cli: options.cli,
    };
    print(`AWS endpoint ${moto.url}, Redis ${redis.url}, config ${shownPath(configPath)}`);
    for (const [index, step] of DEMO_STEPS.entries()) {
      print(`\n[${index + 1}/${DEMO_STEPS.length + 1}] ${step.title}`);
      await step.run(sandbox);
    }
    print(`\n[${DEMO_STEPS.length + 1}/${DEMO_STEPS.length + 1}] the always-on fleet: every monkey at work`);
    print(`${anotherShell(sandbox)}\n`);
    // The first Ctrl-C ends the tour (the fleet stops, the summary prints); a second one ends the process at once.
    const interrupted = new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    });
    await runFleetTour(sandbox, {
      forMs: options.keepFor ?? SHORT_TOUR_MS,
      interrupted,
      bin: packageBin(),
    });
  } finally {
    const failed = await lifecycle.shutdown('demo finished');
    if (failed) logger.error({ err: failed }, 'the sandbox did not stop cleanly');
  }
}
