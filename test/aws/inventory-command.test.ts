import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDocument } from '../../core/cli/commands/inventory.js';
import { allMonkeys } from '../../monkeys/index.js';
import { simian } from '../support/cli.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';
import { seedDefaultFleet } from '../support/fleet.js';

const CHAOS_SCHEDULE = `schedules:
  - id: chaos-weekdays
    monkey: chaos
    cron: "0 10 * * 1-5"
    select:
      - names: ["web-*", "api-*"]
    exclude:
      - names: ["api-prod"]
        reason: launch week
`;

describe('simian inventory', () => {
  let dir: string;
  let config: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'simian-inventory-'));
    mkdirSync(join(dir, 'schedules'));
    config = join(dir, 'simian.yaml');
    writeFileSync(config, 'regions: [us-east-1]\n');
    writeFileSync(join(dir, 'schedules', 'chaos.yaml'), CHAOS_SCHEDULE);
    await seedDefaultFleet(testClients());
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one stable JSON document: groups, zones, instances per zone, sizes, opt-in per monkey with reasons', async () => {
    const { code, stdout } = await simian('inventory', '-c', config, '--json');
    expect(code).toBe(0);
    const document = JSON.parse(stdout) as InventoryDocument;
    expect(document.monkeys).toEqual(['chaos', 'gorilla', 'kong']);
    expect(document.regions).toHaveLength(1);
    const region = document.regions[0];
    expect(region).toMatchObject({ region: 'us-east-1', account: MOTO_ACCOUNT, instances: 14, looseInstances: 2 });
    expect(region?.groups.map((group) => group.name)).toEqual([
      'api-prod',
      'batch-dev',
      'db-prod',
      'web-prod',
      'web-prod-canary',
    ]);
    const web = region?.groups.find((group) => group.name === 'web-prod');
    expect(web).toMatchObject({
      app: 'web',
      stack: 'prod',
      cluster: 'web-prod',
      zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      instancesPerZone: { 'us-east-1a': 1, 'us-east-1b': 1, 'us-east-1c': 1 },
      desired: 3,
      min: 1,
      max: 6,
      tags: { 'simian:all': 'enabled', team: 'web' },
    });
    expect(web?.optIn.gorilla).toEqual({ eligible: true, reason: 'opted in by tag simian:all=enabled' });
    const byName = Object.fromEntries((region?.groups ?? []).map((group) => [group.name, group.optIn]));
    expect(byName['api-prod']?.gorilla).toEqual({ eligible: true, reason: 'opted in by tag simian:gorilla=enabled' });
    expect(byName['api-prod']?.kong).toEqual({ eligible: false, reason: 'no simian:kong tag' });
    expect(byName['db-prod']?.gorilla).toEqual({ eligible: false, reason: 'opted out by simian:all=disabled' });
    // The chaos schedule's YAML rules apply to chaos only, cited by file and line.
    expect(byName['api-prod']?.chaos?.reason).toMatch(
      /^excluded by rule 1 in .*schedules\/chaos\.yaml:8 \(launch week\)$/,
    );
    expect(byName['batch-dev']?.chaos?.reason).toMatch(/^not selected by .*chaos\.yaml \(names web-\*, api-\*\)$/);
    expect(byName['web-prod-canary']?.chaos?.eligible).toBe(false);
  });

  it('prints a table per region with instances per zone and opt-in lines', async () => {
    const { code, stdout } = await simian('inventory', '-c', config);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('us-east-1 — account 123456789012: 5 groups, 14 instances (2 in no group)');
    expect(lines[1]).toMatch(/^GROUP\s+ZONES\s+INSTANCES\s+DESIRED\/MIN\/MAX\s+OPT-IN$/);
    const web = lines.find((line) => line.startsWith('web-prod '));
    expect(web).toMatch(
      /us-east-1a us-east-1b us-east-1c\s+us-east-1a:1 us-east-1b:1 us-east-1c:1\s+3\/1\/6\s+✓ chaos, gorilla, kong: opted in by tag simian:all=enabled$/,
    );
    const batch = lines.find((line) => line.startsWith('batch-dev '));
    expect(batch).toMatch(/us-east-1a:1 us-east-1b:1\s+2\/0\/4\s+✗ chaos: not selected by/);
  });

  it('with --monkey shows that monkey only, with its full reason', async () => {
    const { code, stdout } = await simian('inventory', '-c', config, '--monkey', 'gorilla');
    expect(code).toBe(0);
    expect(stdout).toMatch(/GROUP\s+ZONES\s+INSTANCES\s+DESIRED\/MIN\/MAX\s+GORILLA\s+REASON/);
    expect(stdout).toMatch(/api-prod\s.*\syes\s+opted in by tag simian:gorilla=enabled/);
    expect(stdout).toMatch(/batch-dev\s.*\sno\s+no simian:gorilla tag/);
    expect(stdout).toMatch(
      /web-prod-canary\s.*\sno\s+web-prod-canary is a canary\/baseline group: only a rule naming it exactly can opt it in/,
    );
    expect(stdout).not.toContain('kong');
  });

  it('--region replaces the configured regions; a region without groups says so', async () => {
    const { code, stdout } = await simian('inventory', '-c', config, '--region', 'us-west-2');
    expect(code).toBe(0);
    expect(stdout).toBe(
      'us-west-2 — account 123456789012: 0 groups, 0 instances (0 in no group)\n(no Auto Scaling groups)\n',
    );
  });

  it('refuses an unknown monkey with one sentence and exit 2', async () => {
    const { code, stdout, stderr } = await simian('inventory', '-c', config, '--monkey', 'gorila');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const valid = allMonkeys().map((monkey) => monkey.name);
    expect(valid).toEqual(expect.arrayContaining(['chaos', 'gorilla', 'kong']));
    expect(stderr).toBe(`simian: unknown monkey "gorila" (valid monkeys: ${valid.join(', ')})\n`);
  });
});
