import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import { freePort } from '../../core/sandbox/peers.js';
import { type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';
import { instanceStates } from '../actuator/support.js';
import { runCliCaptured } from '../support/cli.js';
import { MOTO_ACCOUNT, redisUrl, testClients, uniquePrefix } from '../support/env.js';
import { seededGroup } from '../support/fleet.js';

let clients: AwsClients;
let dir: string;
let fleet: SeededFleet;

/** Runs the CLI in-process against moto. */
function cli(argv: string[]) {
  return runCliCaptured([...argv, '--endpoint-url', process.env.AWS_ENDPOINT_URL as string]);
}

function config(name: string, lines: string[], redis = redisUrl()): string {
  const path = join(dir, name);
  const base = [
    'accounts:',
    `  - id: "${MOTO_ACCOUNT}"`,
    'redis:',
    `  url: ${redis}`,
    `  prefix: ${uniquePrefix('cli')}`,
  ];
  writeFileSync(path, [...base, ...lines, ''].join('\n'));
  return path;
}

/** The seeded instances of `group` in `zone`. */
const inZone = (group: string, zone: string) => seededGroup(fleet, group).instancesByZone[zone] ?? [];

/** Today in UTC, the way the calendar reads it with timezone UTC. */
const today = () => new Date().toISOString().slice(0, 10);
/** Gorilla takes a whole zone: the default caps (34% of a group, one kill a day) would spare most of it. */
const OPEN_CAPS = 'caps: { maxPerRun: 100, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: 100 }';
const armedAllDay = [
  'armed: true',
  OPEN_CAPS,
  'calendar: { timezone: UTC, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }',
];

beforeAll(async () => {
  clients = testClients();
  dir = mkdtempSync(join(tmpdir(), 'simian-cli-'));
  fleet = await seedFleet(clients, {
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b'],
    groups: [
      { name: 'web-prod', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: 2 },
      { name: 'db-prod', instancesPerZone: 1 },
    ],
    snapshots: 0,
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  clients.destroy();
});

describe('simian gorilla', () => {
  it('--json prints exactly the contract document of the dry run', async () => {
    const { code, stdout } = await cli([
      'gorilla',
      '--zone',
      'us-east-1b',
      '--json',
      '-c',
      config('plain.yaml', [OPEN_CAPS]),
    ]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(Object.keys(document)).toEqual(['monkey', 'dryRun', 'target', 'actions', 'skipped', 'summary']);
    expect(document).toMatchObject({
      monkey: 'gorilla',
      dryRun: true,
      target: { region: 'us-east-1', zone: 'us-east-1b' },
    });
    const web = inZone('web-prod', 'us-east-1b');
    const byResource = (a: { resource: string }, b: { resource: string }) => a.resource.localeCompare(b.resource);
    expect([...document.actions].sort(byResource)).toEqual(
      [...web].sort().map((id) => ({
        kind: 'terminate-instance',
        resource: id,
        group: 'web-prod',
        region: 'us-east-1',
        zone: 'us-east-1b',
        status: 'planned',
        reason: null,
        revertAt: null,
      })),
    );
    expect(document.skipped).toEqual([
      {
        resource: inZone('db-prod', 'us-east-1b')[0],
        group: 'db-prod',
        guard: 'opt-in',
        reason: 'no simian:gorilla tag',
      },
    ]);
  });

  it('refuses --no-dry-run when the config is not armed (exit 3, guard armed) and changes nothing', async () => {
    const web = inZone('web-prod', 'us-east-1b');
    const { code, stdout, stderr } = await cli([
      'gorilla',
      '--zone',
      'us-east-1b',
      '--no-dry-run',
      '--yes',
      '--json',
      '-c',
      config('unarmed.yaml', [OPEN_CAPS]),
    ]);
    expect(code).toBe(3);
    expect(stderr).toBe('');
    const document = JSON.parse(stdout);
    expect(document.refused).toEqual({
      guard: 'armed',
      reason:
        '--no-dry-run asks for real actions, but the config is not armed (set armed: true in simian.yaml to allow them): nothing was done',
    });
    expect(document.actions).toEqual([]);
    const states = await instanceStates(clients, web);
    expect(web.map((id) => states.get(id))).toEqual(web.map(() => 'running'));
  });

  it('prints a readable plan table with every skip and a summary line', async () => {
    const { code, stdout } = await cli(['gorilla', '--zone', 'us-east-1b', '-c', config('table.yaml', [OPEN_CAPS])]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^gorilla \(dry run\) — region us-east-1, zone us-east-1b/);
    expect(stdout).toMatch(/ACTION\s+RESOURCE\s+GROUP\s+ZONE\s+STATUS/);
    expect(stdout).toMatch(/SKIPPED\s+GROUP\s+GUARD\s+REASON/);
    expect(stdout).toMatch(/db-prod\s+opt-in\s+no simian:gorilla/);
    expect(stdout).toMatch(/planned 2, done 0, failed 0, skipped 1 — dry run, nothing changed/);
  });

  it('--verify-permissions asks EC2 (DryRun) whether the terminations would be allowed', async () => {
    const path = config('verify.yaml', [OPEN_CAPS]);
    const { code, stdout } = await cli([
      'gorilla',
      '--zone',
      'us-east-1b',
      '--verify-permissions',
      '--json',
      '-c',
      path,
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).permissions).toEqual([
      expect.objectContaining({ kind: 'terminate-instance', region: 'us-east-1', allowed: true }),
    ]);
  });

  it('still plans a dry run when Redis is unreachable', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const { code, stdout } = await cli([
      'gorilla',
      '--zone',
      'us-east-1b',
      '--json',
      '-c',
      config('noredis.yaml', [OPEN_CAPS], closed),
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).summary.planned).toBe(2);
  });

  it('refuses an armed run on a blackout day with exit 3, terminating nothing', async () => {
    const path = config('blackout.yaml', [
      ...armedAllDay.slice(0, 2),
      `calendar: { timezone: UTC, blackouts: ["${today()}"] }`,
    ]);
    const { code, stdout } = await cli([
      'gorilla',
      '--zone',
      'us-east-1b',
      '--no-dry-run',
      '--yes',
      '--json',
      '-c',
      path,
    ]);
    expect(code).toBe(3);
    expect(JSON.parse(stdout).refused.guard).toBe('calendar');
  });

  it('acts with --no-dry-run --yes on an armed config, with progress on stderr', async () => {
    const victims = inZone('web-prod', 'us-east-1a');
    const { code, stdout, stderr } = await cli([
      'gorilla',
      '--zone',
      'us-east-1a',
      '--no-dry-run',
      '--yes',
      '--json',
      '-c',
      config('armed.yaml', armedAllDay),
    ]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.dryRun).toBe(false);
    expect(document.summary).toMatchObject({ done: 2, failed: 0 });
    for (const id of victims) expect(stderr).toMatch(new RegExp(`\\[\\d/2\\] terminate-instance ${id} done`));
    const states = await instanceStates(clients, victims);
    for (const id of victims) expect(['shutting-down', 'terminated']).toContain(states.get(id));
  });
});

describe('a manual run follows the YAML rules of its schedule entry', () => {
  function withSchedule(name: string, entries: string[]): string {
    mkdirSync(join(dir, name, 'schedules'), { recursive: true });
    writeFileSync(join(dir, name, 'schedules', 'gorilla.yaml'), ['schedules:', ...entries, ''].join('\n'));
    return config(join(name, 'simian.yaml'), []);
  }

  it('spares a group that the entry excludes, with the rule named as the reason', async () => {
    const path = withSchedule('manual-exclude', [
      '  - id: zone-drill',
      '    monkey: gorilla',
      '    params: { zone: us-east-1a }',
      '    exclude:',
      '      - names: [web-*]',
      '        reason: web rehearses on its own day',
    ]);
    const { code, stdout } = await cli(['gorilla', '--zone', 'us-east-1b', '--json', '-c', path]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.actions).toEqual([]);
    const web = document.skipped.filter((skip: { group: string }) => skip.group === 'web-prod');
    expect(web.length).toBeGreaterThan(0);
    for (const skip of web) expect(skip.reason).toMatch(/excluded by rule 1 in .*gorilla\.yaml/);
  });

  it('refuses an unknown --schedule id with exit 2, naming the entries there are', async () => {
    const path = withSchedule('manual-unknown', [
      '  - id: zone-drill',
      '    monkey: gorilla',
      '    params: { zone: us-east-1a }',
    ]);
    const { code, stderr } = await cli(['gorilla', '--zone', 'us-east-1b', '--schedule', 'nope', '-c', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('no schedule entry "nope" (gorilla entries: zone-drill)');
  });
});
