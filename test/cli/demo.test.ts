import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../core/cli/run.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Every process the demo's fleet step starts (moto and Redis are spawned by a module loaded before this mock), kept
// to check it is gone when the demo returns: the test
// watches the processes it started, never the machine's (another run's demo may be running beside it).
const started = vi.hoisted((): ChildProcess[] => []);
vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:child_process')>();
  const recorded = (...args: unknown[]): ChildProcess => {
    const child = (actual.spawn as (...spawnArgs: unknown[]) => ChildProcess)(...args);
    started.push(child);
    return child;
  };
  return { ...actual, spawn: recorded };
});

/** Runs the CLI in-process and returns its exit code and what it wrote to stdout and stderr. */
async function simian(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    const code = await runCli(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

/** Whether nothing listens on that loopback port any more. */
function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('simian demo', () => {
  // One demo run, its output read by each test below.
  let demo: Awaited<ReturnType<typeof simian>>;
  let ownProcesses: ChildProcess[] = [];
  // A process of another run's demo on the same machine, alive through this one: none of this test's business.
  let neighbour: ChildProcess | undefined;
  beforeAll(async () => {
    // The fleet the demo starts runs the built modules (dist/): built from the sources under test first (a second or
    // two), so the test never passes on an old build.
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'compile.mjs')], { stdio: 'inherit' });
    neighbour = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'simian-demo-fleet-of-another-run']);
    started.length = 0;
    // The CI tour: 45 s of the fleet, every monkey's first round included, then its reverts at their deadline.
    demo = await simian('demo', '--for', '45s');
    ownProcesses = [...started];
  }, 300_000);
  afterAll(() => {
    neighbour?.kill('SIGKILL');
  });
  /** The output of step n of 6, from its numbered title to the next (after a blank line, unlike progress lines). */
  const step = (n: number) => demo.stdout.split(/\n\n(?=\[\d\/6\] )/).find((text) => text.startsWith(`[${n}/6]`)) ?? '';

  it('runs every step without an error', () => {
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
  });

  it('starts its own moto and Redis, seeds the sandbox fleet and prints the inventory', () => {
    expect(step(1)).toContain('[1/6] seed the sandbox fleet');
    expect(step(1)).toMatch(
      /us-east-1: 8 Auto Scaling groups with 23 instances over us-east-1a, us-east-1b, us-east-1c/,
    );
    const inventory = step(2);
    expect(inventory).toContain('[2/6] what simian sees\n$ simian inventory -c sandbox/simian.yaml\n');
    expect(inventory).toContain('us-east-1 — account 123456789012 (sandbox): 8 groups, 25 instances (2 in no group)');
    expect(inventory).toContain('us-west-2 — account 123456789012 (sandbox): 1 group, 2 instances (0 in no group)');
    expect(inventory).toMatch(
      /db-prod .* ✗ chaos, circus, doctor, gorilla, kong, latency: opted out by simian:all=disabled/,
    );
    expect(inventory).toMatch(/excluded by rule 1 in sandbox\/schedules\/chaos\.yaml:9 \(quarter-end freeze\)/);
  });

  it("shows the gorilla dry-run plan: the zone's planned terminations and the spared groups with their reasons", () => {
    const dryRun = step(3);
    expect(dryRun).toMatch(
      /\$ simian gorilla --zone us-east-1a --dry-run -c sandbox\/simian\.yaml --endpoint-url http:/,
    );
    expect(dryRun).toMatch(/terminate-instance +i-\w+ +web-prod +us-east-1a +planned/);
    expect(dryRun).toMatch(/terminate-instance +i-\w+ +api-prod +us-east-1a +planned/);
    expect(dryRun).toMatch(/db-prod +opt-in +opted out by simian:all=disabled/);
    expect(dryRun).toMatch(/web-prod-canary +opt-in +web-prod-canary is a canary\/baseline group/);
    expect(dryRun).toContain('dry run, nothing changed');
  });

  it('takes the zone out armed, registers the reverts, applies them, and the subnets are back', () => {
    const armed = step(4);
    expect(armed).toMatch(/--no-dry-run --yes --mode exclude --duration 1m -c sandbox\/simian-armed\.yaml/);
    expect(armed).toMatch(/remove-zone-subnets +api-prod +api-prod +us-east-1a +done +revert at /);
    expect(armed).toMatch(/remove-zone-subnets +web-prod +web-prod +us-east-1a +done +revert at /);
    expect(armed).toMatch(/terminate-instance +i-\w+ +web-prod +us-east-1a +done/);
    expect(armed).toMatch(/planned 0, done [1-9]\d*, failed 0/);
    expect(armed).toMatch(/pending +due \S+ +restore-subnets api-prod/);
    expect(armed).toMatch(/done +restore-subnets api-prod, undoing remove-zone-subnets/);
    // The two gorilla groups' subnet lines under each heading.
    const subnets = (heading: string) => armed.split(`${heading}\n`)[1]?.split('\n').slice(0, 2).join('\n');
    expect(subnets('Subnets before:')).toContain('(us-east-1a)');
    expect(subnets('Subnets during the outage:')).toMatch(/api-prod .*\n {2}web-prod /);
    expect(subnets('Subnets during the outage:')).not.toContain('(us-east-1a)');
    expect(subnets('Subnets after the revert:')).toBe(subnets('Subnets before:'));
  });

  it('shows the timeline of the run: plans, skips, actions and the revert', () => {
    const timeline = step(5);
    expect(timeline).toContain('$ simian events --since 10m');
    expect(timeline).toMatch(/Plan +gorilla +gorilla \(dry run, region us-east-1, zone us-east-1a\)/);
    expect(timeline).toMatch(/Plan +gorilla +gorilla \(armed, region us-east-1, zone us-east-1a\)/);
    expect(timeline).toMatch(/Skip +gorilla +db-prod /);
    expect(timeline).toMatch(/Action +gorilla +web-prod i-\w+ +did terminate-instance/);
    expect(timeline).toMatch(/Revert +gorilla +api-prod api-prod +restore-subnets api-prod/);
  });

  it('runs the fleet: every monkey of the army produces events, and the summary says what each did', () => {
    const tour = step(6);
    expect(tour).toContain('The fleet: 1 scheduler, 2 workers and the HTTP service');
    expect(tour).toMatch(/Dashboard: http:\/\/127\.0\.0\.1:\d+\//);
    const summary = tour.split(/What each monkey did in the tour \(\d+ events\):\n/)[1] ?? '';
    const monkeys = ['chaos', 'circus', 'conformity', 'doctor', 'gorilla', 'howler', 'janitor', 'kong', 'latency'];
    for (const monkey of [...monkeys, 'security']) {
      const events = new RegExp(`^${monkey} .* (\\d+)$`, 'm').exec(summary)?.[1];
      expect({ monkey, events: Number(events) > 0 }).toEqual({ monkey, events: true });
    }
    expect(tour).toMatch(/Finding +security /);
    expect(tour).toMatch(/Action +janitor .* did mark-for-janitor/);
    // The tour's gorilla takes a zone out in each region; the fleet puts it back before it stops, and says so.
    const gorilla = /^gorilla +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$/m.exec(summary);
    expect(Number(gorilla?.[5])).toBeGreaterThan(0);
    expect(tour).not.toMatch(/revert\(s\) still open/);
  });

  it('tells how to try commands in another shell, then stops everything it started', async () => {
    for (const next of ['export AWS_ENDPOINT_URL=', 'simian killswitch on', 'simian validate', 'simian iam-policy']) {
      expect(step(6)).toContain(next);
    }
    const endpoint = /AWS endpoint (http:\/\/127\.0\.0\.1:\d+)/.exec(demo.stdout)?.[1];
    expect(endpoint).toBeDefined();
    // The sandbox is gone once the demo returns, and so is every fleet process.
    await expect(fetch(`${endpoint}/moto-api/`)).rejects.toThrow();
    const dashboard = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(demo.stdout)?.[1];
    await expect(fetch(`${dashboard}/healthcheck`)).rejects.toThrow();
    const redisPort = Number(/SIMIAN_REDIS_URL=redis:\/\/127\.0\.0\.1:(\d+)/.exec(demo.stdout)?.[1]);
    expect(await refusesConnections(redisPort)).toBe(true);
    // Its scheduler, two workers and HTTP service: each has exited.
    expect(ownProcesses.length).toBeGreaterThanOrEqual(4);
    const stillRunning = ownProcesses.filter((child) => child.exitCode === null && child.signalCode === null);
    expect(stillRunning.map((child) => child.spawnargs.join(' '))).toEqual([]);
  });

  it('refuses a --for that is not a duration, with exit 2 and nothing started', async () => {
    const { code, stdout, stderr } = await simian('demo', '--for', 'a while');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('simian: --for "a while" is not a duration (expected e.g. 30s, 15m, 1h30m)\n');
  });
});
