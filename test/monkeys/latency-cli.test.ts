import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListCommandsCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../core/plan/action.js';
import type { SeededFleet } from '../../core/sandbox/seed.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { simian } from '../support/cli.js';
import { MOTO_ACCOUNT, redisUrl, testClients, uniquePrefix } from '../support/env.js';

const clients = testClients();
let dir: string;
let config: string;
let fleet: SeededFleet;

async function commandCount(): Promise<number> {
  const listed = await clients.ssm({ region: 'us-east-1' }).send(new ListCommandsCommand({}));
  return listed.Commands?.length ?? 0;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'simian-latency-'));
  config = join(dir, 'simian.yaml');
  writeFileSync(
    config,
    `regions: [us-east-1]\naccounts: [{ id: "${MOTO_ACCOUNT}" }]\nredis: { url: "${redisUrl()}", prefix: ${uniquePrefix('latency-cli')} }\n`,
  );
  fleet = await seedFleet(clients, {
    region: 'us-east-1',
    zones: ['us-east-1a'],
    groups: [{ name: 'slow-prod', tags: { 'simian:latency': 'enabled' }, instancesPerZone: 4 }],
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simian latency', () => {
  it.each([
    [['--delay', '11s'], /--delay 11s is out of range \(expected 1ms to 10s\)/],
    [['--delay', 'slow'], /--delay "slow" is not a duration/],
    [['--loss', '60%'], /--loss must be at most 50/],
    [['--duration', '13h'], /--duration 13h is out of range \(expected between 1m and 12h\)/],
    [['--duration', '30s'], /--duration 30s is out of range/],
    [['--to', '10.0.0.0/8', '--to', '300.1.2.3/8'], /--to "300.1.2.3\/8" is not an IPv4 CIDR/],
    [['--port', '443', '--port', '99999'], /--port: a port is in 1..65535/],
    [['--port', '443;reboot'], /--port "443;reboot" is not a whole number/],
    [['--interface', 'eth0;reboot'], /--interface must be a-z and 0-9 only/],
    [['--count', '2', '--percent', '10'], /give either --count or --percent, not both/],
    [['--correlation', '25%'], /--correlation needs a jitter or a lossPercent/],
  ])('refuses bad input %j with one clear sentence and prints no report (exit 2)', async (flags, message) => {
    const { code, stderr, stdout } = await simian('latency', '-c', config, '--group', 'slow-prod', ...flags);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('a dry run prints one JSON document with the planned delays and sends no SSM command', async () => {
    const before = await commandCount();
    const { code, stdout } = await simian(
      'latency',
      '-c',
      config,
      '--group',
      'slow-prod',
      '--delay',
      '200ms',
      '--jitter',
      '50ms',
      '--loss',
      '1%',
      '--to',
      '10.0.0.0/8',
      '--port',
      '443',
      '--percent',
      '50',
      '--duration',
      '10m',
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as RunReport;
    expect(report).toMatchObject({
      monkey: 'latency',
      dryRun: true,
      target: { region: 'us-east-1', group: 'slow-prod', delay: '200ms', jitter: '50ms', loss: '1%', to: '10.0.0.0/8' },
      summary: { planned: 2, done: 0, failed: 0 },
    });
    const slow = fleet.groups.find((group) => group.name === 'slow-prod');
    for (const action of report.actions) {
      expect(slow?.instanceIds).toContain(action.resource);
      expect(action).toMatchObject({ kind: 'delay-network', status: 'planned' });
    }
    expect(await commandCount()).toBe(before);
  });

  it('prints a table that says SSM could not tell which instances it reaches', async () => {
    const { code, stdout } = await simian('latency', '-c', config, '--group', 'slow-prod');
    expect(code).toBe(0);
    expect(stdout).toContain('latency (dry run)');
    expect(stdout).toContain('reachability unknown, every instance tried');
    expect(stdout).toMatch(/planned 1, done 0, failed 0/);
  });
});
