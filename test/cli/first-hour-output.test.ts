import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import { freePort } from '../../core/sandbox/peers.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runCliCaptured } from '../support/cli.js';
import { testRedisYaml } from '../support/config-file.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';

let clients: AwsClients;
let dir: string;

function cli(argv: string[]) {
  return runCliCaptured([...argv, '--endpoint-url', process.env.AWS_ENDPOINT_URL as string]);
}

/** A config in its own directory (so no schedules are read beside it), on the test Redis. */
function config(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [...lines, testRedisYaml(), ''].join('\n'));
  return path;
}

const SANDBOX_ACCOUNT = ['accounts:', `  - id: "${MOTO_ACCOUNT}"`, '    alias: sandbox'];
/** Yesterday, today and tomorrow (UTC) are blackouts: whatever the hour, the run is outside the chaos window. */
function blackoutCalendar(): string {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return `calendar: { timezone: UTC, blackouts: ["${day(-1)}", "${day(0)}", "${day(1)}"] }`;
}

beforeAll(async () => {
  clients = testClients();
  dir = mkdtempSync(join(tmpdir(), 'simian-first-hour-'));
  await seedFleet(clients, {
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b'],
    groups: [{ name: 'web-prod', tags: { 'simian:all': 'enabled', owner: 'web@example.com' }, instancesPerZone: 1 }],
    snapshots: 0,
  });
  await seedFleet(clients, {
    region: 'us-west-2',
    zones: ['us-west-2a'],
    groups: [{ name: 'web-west', tags: { 'simian:all': 'enabled' }, instancesPerZone: 2 }],
    snapshots: 0,
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  clients.destroy();
});

describe('a config that lists no account', () => {
  it('is refused by a monkey run in one sentence that says what to add, before any AWS call', async () => {
    const path = config('no-account.yaml', []);
    // A closed port as AWS: a run that read AWS would fail on it instead of saying what to add.
    const closed = `http://127.0.0.1:${await freePort()}`;
    const outcome = await runCliCaptured(['chaos', '-c', path, '--endpoint-url', closed]);
    expect(outcome.code).toBe(3);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toBe(
      'simian: simian.yaml lists no account, so every run is refused: add yours under accounts (e.g. `accounts: [{ id: "123456789012", alias: sandbox }]`, the sandbox\'s account) or allowlist.accounts; nothing was read\n',
    );
  });

  it('gets a warning from validate that it can act nowhere (still exit 0: it is valid)', async () => {
    const outcome = await runCliCaptured(['validate', '-c', config('warn.yaml', [])]);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toContain('warning: this config can act nowhere: simian.yaml lists no account');
  });

  it('validate warns that every: on a chaos entry only sets the planning cadence', async () => {
    const sub = mkdtempSync(join(dir, 'every-'));
    writeFileSync(join(sub, 'simian.yaml'), SANDBOX_ACCOUNT.join('\n'));
    const schedules = join(sub, 'schedules');
    await import('node:fs').then(({ mkdirSync }) => mkdirSync(schedules));
    writeFileSync(join(schedules, 'chaos.yaml'), 'schedules:\n  - id: fast\n    monkey: chaos\n    every: 2m\n');
    const outcome = await runCliCaptured(['validate', '-c', join(sub, 'simian.yaml')]);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toContain(
      'schedule fast: "every" on a chaos entry only sets how often its kills are planned',
    );
  });
});

describe('output that says what happened', () => {
  it('a refused report with --csv says why on stderr (stdout keeps the CSV)', async () => {
    const path = config('other-account.yaml', ['accounts:', '  - id: "111111111111"']);
    const outcome = await cli(['conformity', '-c', path, '--csv']);
    expect(outcome.code).toBe(3);
    expect(outcome.stdout.split('\r\n')[0]).toBe('severity,rule,resourceType,resource,owner,account,region,reason');
    expect(outcome.stderr).toMatch(
      new RegExp(`^simian: refused by account: .*account ${MOTO_ACCOUNT}.* \\(nothing was done; planned 0`),
    );
  });

  it('a report monkey is headed "report", not "dry run"', async () => {
    const outcome = await cli(['conformity', '-c', config('report.yaml', SANDBOX_ACCOUNT)]);
    expect(outcome.stdout).toMatch(/^conformity \(report\) — region us-east-1/);
  });

  it('a refusal line says "nothing was done" once', async () => {
    const outcome = await cli(['chaos', '-c', config('unarmed.yaml', SANDBOX_ACCOUNT), '--no-dry-run', '--yes']);
    expect(outcome.code).toBe(3);
    const refusal = outcome.stdout.split('\n').find((line) => line.startsWith('refused by'));
    expect(refusal).toContain('the config is not armed');
    expect(refusal?.match(/nothing was done/g)).toHaveLength(1);
  });

  it('a manual dry run outside the calendar says so in its report', async () => {
    const path = config('outside.yaml', [...SANDBOX_ACCOUNT, blackoutCalendar()]);
    const outcome = await cli(['chaos', '-c', path]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(
      /note: calendar: outside the chaos window \(.*\); reported only for a manual dry run/,
    );
  });

  it('simian events says when --limit left older events out', async () => {
    const path = config('events.yaml', SANDBOX_ACCOUNT);
    // A dry run records its plan and each skip or action: more than one event.
    expect((await cli(['chaos', '-c', path])).code).toBe(0);
    const outcome = await runCliCaptured(['events', '-c', path, '--limit', '1']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toBe(
      'simian: showing the newest 1 events; older ones match too (--limit or --since to see them)\n',
    );
  });
});

describe('--region, repeated', () => {
  it('runs a monkey in each region in turn and prints one report', async () => {
    const path = config('two-regions.yaml', [...SANDBOX_ACCOUNT, 'caps: { maxPercentPerGroup: 100 }']);
    const outcome = await cli(['chaos', '-c', path, '--region', 'us-east-1', '--region', 'us-west-2', '--json']);
    expect(outcome.code).toBe(0);
    const report = JSON.parse(outcome.stdout);
    expect(report.target.region).toBe('us-east-1, us-west-2');
    expect(report.actions.map((action: { group: string }) => action.group).sort()).toEqual(['web-prod', 'web-west']);
    expect(report.summary.planned).toBe(2);
  });

  it.each(['latency', 'doctor', 'circus', 'janitor', 'conformity'])(
    '%s, a generated or declared command, runs each region too',
    async (monkey) => {
      const path = config(`two-regions-${monkey}.yaml`, SANDBOX_ACCOUNT);
      const outcome = await cli([monkey, '-c', path, '--region', 'us-east-1', '--region', 'us-west-2', '--json']);
      expect(outcome.stderr).not.toContain('--region was given');
      expect(JSON.parse(outcome.stdout).target.region).toBe('us-east-1, us-west-2');
    },
  );

  it('stops at the first region refused and names the regions not run', async () => {
    // us-west-2 is not in allowlist.regions: the region guard refuses it, so us-east-1 after it is not run.
    const path = config('one-region.yaml', [...SANDBOX_ACCOUNT, 'allowlist: { regions: [us-east-1] }']);
    const outcome = await cli(['chaos', '-c', path, '--region', 'us-west-2', '--region', 'us-east-1']);
    expect(outcome.code).toBe(3);
    expect(outcome.stdout).toContain('note: not run after the refusal: us-east-1');
    expect(outcome.stdout).toMatch(/refused by region: /);
  });
});

describe('the command line', () => {
  it('gorilla --help names the command as typed', async () => {
    const outcome = await runCliCaptured(['gorilla', '--help'], 'gorilla');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^Usage: gorilla \[options\]\n/);
  });

  it('an unknown command with --help is an unknown command (exit 2), not the main help', async () => {
    const outcome = await runCliCaptured(['experiment', '--help']);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain("error: unknown command 'experiment'");
  });
});
