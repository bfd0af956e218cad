import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import { runMonkey } from '../../core/run/run-monkey.js';
import { RunLease, runLeaseKey } from '../../core/safety/run-lease.js';
import { type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';
import { gorillaConfig, runDeps } from '../monkeys/gorilla-harness.js';
import { MOTO_ACCOUNT, testClients, testRedis } from '../support/env.js';

const clients: AwsClients = testClients();
const redis = testRedis();
const REGION = 'us-east-1';
let fleet: SeededFleet;

beforeAll(async () => {
  fleet = await seedFleet(clients, {
    region: REGION,
    zones: ['us-east-1a', 'us-east-1c'],
    groups: Array.from({ length: 10 }, (_, index) => ({
      name: `twice-${index}`,
      tags: { 'simian:gorilla': 'enabled' },
      instancesPerZone: 5,
    })),
    snapshots: 0,
  });
}, 120_000);

afterAll(async () => {
  clients.destroy();
  await redis.quit();
});

const gorillaRun = (zone: string, runId: string) => ({
  monkey: 'gorilla',
  region: REGION,
  params: { zone },
  manual: true,
  flagDryRun: false,
  runId,
});

describe('one armed run at a time per target', () => {
  it('refuses a run while another holds its target (exit 3, guard concurrent-run), naming the holder', async () => {
    const config = gorillaConfig({ caps: {} });
    const key = runLeaseKey(config.redis.prefix, {
      account: MOTO_ACCOUNT,
      region: REGION,
      monkey: 'gorilla',
      target: 'us-east-1c',
    });
    const held = await RunLease.acquire(redis, key, 'gorilla-other-run@host:1', 30_000);
    expect(held.ok).toBe(true);
    try {
      const report = await runMonkey(gorillaRun('us-east-1c', 'gorilla-second'), runDeps(config, clients, redis).deps);
      expect(report.refused).toEqual({
        guard: 'concurrent-run',
        reason: `run gorilla-other-run is acting on the same target (${key}): one run at a time`,
      });
      expect(report.actions).toEqual([]);
    } finally {
      if (held.ok) await held.lease.release();
    }
  });

  it('two gorilla runs started together on one zone act on each instance once, between them', async () => {
    const config = gorillaConfig({ caps: {} });
    const [first, second] = await Promise.all([
      runMonkey(gorillaRun('us-east-1a', 'gorilla-a'), runDeps(config, clients, redis).deps),
      runMonkey(gorillaRun('us-east-1a', 'gorilla-b'), runDeps(config, clients, redis).deps),
    ]);
    const zoneInstances = fleet.groups.flatMap((group) => [...(group.instancesByZone['us-east-1a'] ?? [])]);
    const done = [...first.actions, ...second.actions].filter((action) => action.status === 'done');
    // Whichever ran second was refused while the first held the zone, or found every instance already going away.
    expect(done.map((action) => action.resource).sort()).toEqual([...zoneInstances].sort());
    for (const report of [first, second]) {
      if (report.refused) expect(report.refused.guard).toBe('concurrent-run');
    }
  }, 120_000);
});
