import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runCliCaptured } from '../support/cli.js';
import { MOTO_ACCOUNT, redisUrl, testClients, testRedis, uniquePrefix } from '../support/env.js';
import '../support/report-monkey.js';

let clients: AwsClients;
let dir: string;

function cli(argv: string[]) {
  return runCliCaptured([...argv, '--endpoint-url', process.env.AWS_ENDPOINT_URL as string]);
}

/** Today is a blackout day and Redis is a closed port: a report run must still work. */
function configWithout(name: string, extra: string[] = []): string {
  const today = new Date().toISOString().slice(0, 10);
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      'accounts:',
      `  - id: "${MOTO_ACCOUNT}"`,
      `calendar: { timezone: UTC, days: [mon], start: "09:00", end: "09:01", blackouts: ["${today}"] }`,
      ...extra,
      '',
    ].join('\n'),
  );
  return path;
}

beforeAll(async () => {
  clients = testClients();
  dir = mkdtempSync(join(tmpdir(), 'simian-report-'));
  await seedFleet(clients, {
    region: 'us-east-1',
    zones: ['us-east-1a'],
    groups: [
      { name: 'web-prod', tags: { team: 'web' }, instancesPerZone: 1 },
      { name: 'api-prod', tags: { owner: 'api@example.com' }, instancesPerZone: 1 },
    ],
    snapshots: 0,
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  clients.destroy();
});

describe('a report monkey (kind report)', () => {
  it('runs outside the calendar window and without Redis, and exits 1 for a warning', async () => {
    const config = configWithout('no-redis.yaml', ['redis: { url: "redis://127.0.0.1:1" }']);
    const outcome = await cli(['audit-test', '-c', config, '--json']);
    expect(outcome.code).toBe(1);
    const document = JSON.parse(outcome.stdout);
    expect(document).toMatchObject({ monkey: 'audit-test', dryRun: true, actions: [], skipped: [] });
    expect(document.findings).toEqual([
      {
        rule: 'required-tags',
        resource: 'api-prod',
        resourceType: 'auto-scaling-group',
        severity: 'warning',
        owner: 'api@example.com',
        account: MOTO_ACCOUNT,
        region: 'us-east-1',
        reason: 'group api-prod has no team tag',
        details: {},
      },
    ]);
    expect(document.summary).toMatchObject({ findings: 1, bySeverity: { info: 0, warning: 1, critical: 0 } });
  });

  it('exits 2 for a critical finding, 0 with --exit-zero or above the --severity threshold', async () => {
    await seedFleet(clients, {
      region: 'us-east-1',
      zones: ['us-east-1a'],
      groups: [{ name: 'pay-critical', instancesPerZone: 0 }],
      snapshots: 0,
    });
    // Redis reachable: without it each run waits out the safety checks' deadline (the first test covers that case).
    const config = configWithout('critical.yaml', [
      `redis: { url: "${redisUrl()}", prefix: ${uniquePrefix('report')} }`,
    ]);
    expect((await cli(['audit-test', '-c', config])).code).toBe(2);
    expect((await cli(['audit-test', '-c', config, '--exit-zero'])).code).toBe(0);
    const onlyCritical = await cli(['audit-test', '-c', config, '--severity', 'critical', '--json']);
    expect(onlyCritical.code).toBe(2);
    expect(JSON.parse(onlyCritical.stdout).findings.map((f: { resource: string }) => f.resource)).toEqual([
      'pay-critical',
    ]);
    const csv = await cli(['audit-test', '-c', config, '--csv', '--rule', 'no-such-rule']);
    expect(csv).toMatchObject({
      code: 0,
      stdout: 'severity,rule,resourceType,resource,owner,account,region,reason\r\n',
    });
  });

  it('records each finding as a Finding event when Redis is reachable', async () => {
    const prefix = uniquePrefix('report');
    const config = configWithout('with-redis.yaml', [`redis: { url: "${redisUrl()}", prefix: ${prefix} }`]);
    const outcome = await cli(['audit-test', '-c', config]);
    expect(outcome.stdout).toContain('group api-prod has no team tag');
    const redis = testRedis();
    try {
      const events = await new RedisTimeline(redis, { prefix }).query({});
      const findings = events.filter((event) => event.type === 'Finding');
      expect(findings.map((event) => [event.resource, event.severity, event.rule])).toContainEqual([
        'api-prod',
        'warning',
        'required-tags',
      ]);
    } finally {
      await redis.quit();
    }
  });

  it('refuses a bad --severity with one sentence (exit 2)', async () => {
    const config = configWithout('bad.yaml');
    const outcome = await cli(['audit-test', '-c', config, '--severity', 'loud']);
    expect(outcome).toMatchObject({
      code: 2,
      stderr: 'simian: --severity "loud" is unknown (expected info, warning, critical)\n',
    });
  });
});
