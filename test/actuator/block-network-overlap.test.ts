// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executePlan } from '../../core/actuator/execute.js';
import { unpaced } from '../../core/actuator/pacer.js';
import { applyRevert } from '../../core/actuator/revert-apply.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import { fixedClock } from '../../core/clock.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';
import { ensureQuarantineGroup } from '../../monkeys/chaos/effects/quarantine-group.js';
import { testClients, testRedis, uniquePrefix } from '../support/env.js';
import { executeDeps, instanceAction, quietLogger, REGION, runContext } from './support.js';

const clients = testClients();
let redis: Redis;
let fleet: SeededFleet;

async function describe1(id: string): Promise<Instance | undefined> {
  const found = await clients.ec2({ region: REGION }).send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return found.Reservations?.[0]?.Instances?.[0];
}
const groupsOf = async (id: string) => ((await describe1(id))?.SecurityGroups ?? []).map((group) => group.GroupId);
const tagsOf = async (id: string) => ((await describe1(id))?.Tags ?? []).map((tag) => tag.Key);

/** Two armed block-network runs on one instance, the second while the first one's fault is on; revert ids in order. */
async function overlappingRuns(instanceId: string, registry: RevertRegistry): Promise<string[]> {
  const ids: string[] = [];
  for (const runId of [`block-first-${instanceId}`, `block-second-${instanceId}`]) {
    const report = await executePlan(
      {
        monkey: 'chaos',
        target: { region: REGION },
        actions: [instanceAction('block-network', instanceId, { durationMs: 600_000 })],
        skipped: [],
      },
      runContext({ dryRun: false, runId }),
      executeDeps(clients, { reverts: registry }),
    );
    expect(
      report.actions.map((action) => action.status),
      runId,
    ).toEqual(['done']);
    const mine = (await registry.pending()).filter((record) => record.meta.runId === runId);
    expect(mine, runId).toHaveLength(1);
    ids.push((mine[0] as { id: string }).id);
  }
  return ids;
}

function revertDeps(registry: RevertRegistry) {
  return {
    registry,
    clients,
    pacer: unpaced,
    events: new MemoryEventSink(),
    logger: quietLogger,
    clock: fixedClock('2026-11-26T11:00:00Z'),
  };
}

beforeAll(async () => {
  redis = testRedis();
  fleet = await seedFleet(clients, {
    region: REGION,
    zones: ['us-east-1a'],
    groups: [{ name: 'net-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 3 }],
    snapshots: 0,
  });
});
afterAll(() => redis.disconnect());

describe('two block-network runs overlapping on one instance', () => {
  for (const order of ['first run first', 'second run first'] as const) {
    it(`reverted ${order}: the instance ends on its original security groups, with no record tag left`, async () => {
      const instanceId = fleet.groups[0]?.instanceIds[order === 'first run first' ? 0 : 1] as string;
      const original = await groupsOf(instanceId);
      const registry = new RevertRegistry(redis, { prefix: uniquePrefix('block') });
      const [first, second] = (await overlappingRuns(instanceId, registry)) as [string, string];
      expect(await groupsOf(instanceId)).not.toEqual(original);
      const reverts = order === 'first run first' ? [first, second] : [second, first];
      const statuses = [];
      for (const id of reverts) statuses.push((await applyRevert(id, revertDeps(registry))).status);
      expect(statuses).toEqual(['done', 'already']);
      expect(await groupsOf(instanceId)).toEqual(original);
      expect(await tagsOf(instanceId)).not.toContain('simian:chaos:original-security-groups');
    });
  }

  it('a revert record that names simian’s quarantine group (another fault, not an original) never restores it', async () => {
    const instanceId = fleet.groups[0]?.instanceIds[2] as string;
    const original = await groupsOf(instanceId);
    const registry = new RevertRegistry(redis, { prefix: uniquePrefix('block') });
    const [first] = (await overlappingRuns(instanceId, registry)) as [string, string];
    const quarantine = await ensureQuarantineGroup(clients.ec2({ region: REGION }), fleet.vpcId);
    const record = await registry.get(first);
    const bad = await registry.register(
      { ...(record?.spec as NonNullable<typeof record>['spec']), params: { securityGroupIds: [quarantine] } },
      new Date(0),
      { ...(record?.meta as NonNullable<typeof record>['meta']), runId: 'block-legacy' },
    );
    expect((await applyRevert(bad, revertDeps(registry))).status).toBe('done');
    expect(await groupsOf(instanceId)).toEqual(original);
  });
});
