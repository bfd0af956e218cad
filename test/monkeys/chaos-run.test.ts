import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpaced } from '../../core/actuator/pacer.js';
import { revertNow } from '../../core/actuator/revert-apply.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { fixedClock } from '../../core/clock.js';
import { type GlobalConfig, globalConfigSchema } from '../../core/config/schema.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { createLogger } from '../../core/log.js';
import type { SeededFleet } from '../../core/sandbox/seed.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { MOTO_ACCOUNT, testClients, testRedis, uniquePrefix } from '../support/env.js';

const REGION = 'us-east-1';
const clients = testClients();
const ec2 = clients.ec2({ region: REGION });
const logger = createLogger({ level: 'silent', pretty: false });
// A Wednesday, 10:00 in Los Angeles: inside the default chaos window.
const clock = fixedClock('2026-11-25T18:00:00Z');
let redis: Redis;
let fleet: SeededFleet;

function armedConfig(prefix: string): GlobalConfig {
  return globalConfigSchema.parse({
    armed: true,
    accounts: [{ id: MOTO_ACCOUNT }],
    redis: { prefix },
    caps: { minTimeBetweenKills: '1h', maxPerDayPerGroup: 10, maxPercentPerGroup: 100, minHealthy: 0 },
  });
}

function run(config: GlobalConfig, params: Record<string, unknown>, events = new MemoryEventSink()) {
  return runMonkey(
    { monkey: 'chaos', region: REGION, params, flagDryRun: false },
    {
      config,
      clients,
      redis,
      events,
      clock,
      logger,
      pacer: unpaced,
      random: () => 0,
      account: async () => ({ id: MOTO_ACCOUNT }),
    },
  );
}

async function stateOf(id: string): Promise<string | undefined> {
  const found = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return found.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}

beforeAll(async () => {
  redis = testRedis();
  fleet = await seedFleet(clients, {
    region: REGION,
    zones: ['us-east-1a'],
    groups: [
      { name: 'kill-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 3 },
      { name: 'net-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 2 },
    ],
  });
});

afterAll(async () => {
  redis.disconnect();
});

describe('armed chaos runs through the whole pipeline', () => {
  it('min time between kills holds across two armed runs on the same group sharing Redis', async () => {
    const config = armedConfig(uniquePrefix('chaos-tracker'));
    const first = await run(config, { group: 'kill-prod' });
    expect(first.dryRun).toBe(false);
    expect(first.actions).toEqual([expect.objectContaining({ kind: 'terminate-instance', status: 'done' })]);
    const victim = first.actions[0]?.resource as string;
    expect(['shutting-down', 'terminated']).toContain(await stateOf(victim));

    clock.advance(10 * 60_000);
    const second = await run(config, { group: 'kill-prod' });
    expect(second.summary).toMatchObject({ done: 0, failed: 0 });
    const spared = second.skipped.find((skip) => skip.guard === 'tracker');
    expect(spared?.reason).toMatch(/^group kill-prod lost an instance 10m ago \(minTimeBetweenKills 1h\)/);
    expect(await stateOf(spared?.resource as string)).toBe('running');

    clock.advance(55 * 60_000);
    const third = await run(config, { group: 'kill-prod' });
    expect(third.actions).toEqual([expect.objectContaining({ kind: 'terminate-instance', status: 'done' })]);
  });

  it('block-network registers its revert before acting; the revert restores the security groups', async () => {
    const prefix = uniquePrefix('chaos-revert');
    const config = armedConfig(prefix);
    const events = new MemoryEventSink();
    const report = await run(config, { group: 'net-prod', fault: 'block-network', duration: '5m' }, events);
    expect(report.actions).toEqual([expect.objectContaining({ kind: 'block-network', status: 'done' })]);
    expect(report.actions[0]?.revertAt).toBe(new Date(clock.now().getTime() + 5 * 60_000).toISOString());
    const instanceId = report.actions[0]?.resource as string;
    const groupsOf = async () => {
      const found = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
      return found.Reservations?.[0]?.Instances?.[0]?.SecurityGroups?.map((group) => group.GroupId);
    };
    expect(await groupsOf()).not.toEqual([fleet.securityGroupId]);

    const registry = new RevertRegistry(redis, { prefix });
    const results = await revertNow(
      { group: 'net-prod' },
      { registry, clients, pacer: unpaced, events, logger, clock },
    );
    expect(results).toEqual([expect.objectContaining({ status: 'done' })]);
    expect(await groupsOf()).toEqual([fleet.securityGroupId]);
  });
});
