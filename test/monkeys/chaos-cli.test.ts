import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../core/plan/action.js';
import type { SeededFleet } from '../../core/sandbox/seed.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { simian } from '../support/cli.js';
import { MOTO_ACCOUNT, redisUrl, testClients, uniquePrefix } from '../support/env.js';

const clients = testClients();
let dir: string;
let config: string;
let armed: string;
let fleet: SeededFleet;

function writeConfig(name: string, extra: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `regions: [us-east-1]\naccounts: [{ id: "${MOTO_ACCOUNT}" }]\nredis: { url: "${redisUrl()}", prefix: ${uniquePrefix('chaos-cli')} }\n${extra}`,
  );
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'simian-chaos-'));
  config = writeConfig('simian.yaml', '');
  armed = writeConfig('armed.yaml', 'armed: true\n');
  fleet = await seedFleet(clients, {
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b'],
    groups: [
      // Three instances: one kill stays within the default cap of 34% of a group.
      { name: 'web-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: { 'us-east-1a': 2, 'us-east-1b': 1 } },
      { name: 'web-prod-canary', tags: { 'simian:all': 'enabled' }, instancesPerZone: { 'us-east-1a': 1 } },
    ],
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simian chaos', () => {
  it.each([
    [['--fault', 'explode'], /--fault "explode" is unknown \(expected one of terminate, stop, reboot, block-network/],
    [['--duration', 'soon'], /--duration "soon" is not a duration/],
    [['--duration', '13h'], /--duration 13h is out of range \(expected between 1m and 12h\)/],
    [['--grouping', 'team'], /--grouping "team" is unknown/],
  ])('refuses bad input %j with one clear sentence and prints no report (exit 2)', async (flags, message) => {
    const { code, stderr, stdout } = await simian('chaos', '-c', config, ...flags);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('a group that does not exist is bad input (exit 2)', async () => {
    const { code, stderr } = await simian('chaos', '-c', config, '--group', 'nope-prod');
    expect(code).toBe(2);
    expect(stderr).toContain('Auto Scaling group "nope-prod" not found in us-east-1');
  });

  it('a dry run prints one JSON document with the planned fault and changes nothing', async () => {
    const { code, stdout } = await simian(
      'chaos',
      '-c',
      config,
      '--group',
      'web-prod',
      '--fault',
      'network-loss',
      '--duration',
      '20m',
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as RunReport;
    expect(report).toMatchObject({
      monkey: 'chaos',
      dryRun: true,
      target: { region: 'us-east-1', group: 'web-prod', fault: 'network-loss' },
      summary: { planned: 1, done: 0, failed: 0 },
    });
    const web = fleet.groups.find((group) => group.name === 'web-prod');
    expect(web?.instanceIds).toContain(report.actions[0]?.resource);
    expect(report.actions[0]).toMatchObject({ kind: 'run-host-fault', status: 'planned' });
  });

  it('prints a table with the canary group spared, and names what would arm it', async () => {
    const { code, stdout } = await simian('chaos', '-c', config);
    expect(code).toBe(0);
    expect(stdout).toContain('chaos (dry run)');
    expect(stdout).toContain('web-prod-canary is a canary/baseline group');
    expect(stdout).toMatch(/planned 1, done 0, failed 0, skipped 1 — dry run, nothing changed/);
  });

  it('an armed run without --yes and without a terminal to confirm in does nothing (exit 2)', async () => {
    const { code, stderr } = await simian('chaos', '-c', armed, '--group', 'web-prod', '--no-dry-run');
    expect(code).toBe(2);
    expect(stderr).toContain('pass --yes to confirm group web-prod');
    const web = fleet.groups.find((group) => group.name === 'web-prod');
    const found = await clients
      .ec2({ region: 'us-east-1' })
      .send(new DescribeInstancesCommand({ InstanceIds: [...(web?.instanceIds ?? [])] }));
    const states = found.Reservations?.flatMap((reservation) => reservation.Instances ?? []).map((i) => i.State?.Name);
    expect(states).toEqual(['running', 'running', 'running']);
  });
});
