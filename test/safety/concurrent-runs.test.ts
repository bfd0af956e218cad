import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import { RunLease, runLeaseKey } from '../../core/safety/run-lease.js';
import { takeRunLease } from '../../core/safety/run-lease-guard.js';
import { type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { gorillaConfig, runDeps } from '../monkeys/gorilla-harness.js';
import { MOTO_ACCOUNT, testClients, testRedis } from '../support/env.js';
import { runContext } from './run-context.js';

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

describe('a second delivery of the same run', () => {
  const plan = { monkey: 'gorilla' as const, target: { region: REGION, zone: 'us-east-1b' }, actions: [], skipped: [] };
  const config = gorillaConfig();
  const zoneLease = runLeaseKey(config.redis.prefix, {
    account: MOTO_ACCOUNT,
    region: REGION,
    monkey: 'gorilla',
    target: 'us-east-1b',
  });

  it('is refused while the first attempt, in another process, is still acting', async () => {
    const first = await RunLease.acquire(redis, zoneLease, 'redelivered-live@elsewhere:1', 600);
    if (!first.ok) throw new Error('the first attempt did not get its lease');
    first.lease.startRenewing({ onLost: () => {} });
    try {
      const answer = await takeRunLease(
        redis,
        plan,
        runContext({ runId: 'redelivered-live', monkey: 'gorilla', dryRun: false, config }),
        600,
      );
      expect(answer).toEqual({
        ok: false,
        reason: 'run redelivered-live is still acting in another process (elsewhere:1)',
      });
    } finally {
      await first.lease.release();
    }
  });

  it('goes on once the first attempt died and its lease ran out', async () => {
    // A worker killed mid-run: its lease is never renewed nor released.
    const dead = await RunLease.acquire(redis, zoneLease, 'redelivered-dead@elsewhere:2', 600);
    expect(dead.ok).toBe(true);
    const answer = await takeRunLease(
      redis,
      plan,
      runContext({ runId: 'redelivered-dead', monkey: 'gorilla', dryRun: false, config }),
      600,
    );
    expect(answer.ok).toBe(true);
    if (answer.ok) await answer.held.release();
  });
});

describe('concurrent runs (property, real Redis)', () => {
  it('of any number of runs started together on the same targets, exactly one per target may act', async () => {
    const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...zones), { minLength: 2, maxLength: 6 }), async (targets) => {
        const config = gorillaConfig();
        const answers = await Promise.all(
          targets.map((zone, index) =>
            takeRunLease(
              redis,
              { monkey: 'gorilla', target: { region: REGION, zone }, actions: [], skipped: [] },
              runContext({ runId: `run-${index}`, monkey: 'gorilla', dryRun: false, config }),
            ),
          ),
        );
        for (const zone of new Set(targets)) {
          const mine = answers.filter((_, index) => targets[index] === zone);
          expect(mine.filter((answer) => answer.ok)).toHaveLength(1);
          for (const refused of mine.filter((answer) => !answer.ok)) {
            expect(refused.ok ? '' : refused.reason).toMatch(/^run run-\d+ is acting on the same target/);
          }
        }
        await Promise.all(answers.map((answer) => (answer.ok ? answer.held.release() : undefined)));
      }),
      { numRuns: 50 },
    );
  });
});
