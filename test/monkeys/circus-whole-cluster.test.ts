import { DescribeAutoScalingGroupsCommand, SuspendProcessesCommand } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { type GlobalConfig, globalConfigSchema } from '../../core/config/schema.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { MOTO_ACCOUNT, uniquePrefix } from '../support/env.js';
import { seededGroup } from '../support/fleet.js';
import { gorillaSandbox, runDeps } from './gorilla-harness.js';

const ZONES = ['us-east-1a', 'us-east-1b'];
const OPTED_IN = { 'simian:circus': 'enabled' };

/**
 * Two clusters of two groups each, only v001 opted in: web-prod is balanced as a whole (v001 a:4 b:0 + v002 a:0 b:3
 * = a:4 b:3), api-prod is not (v001 a:3 b:0 + v002 a:2 b:0 = a:5 b:0).
 */
const sandbox = gorillaSandbox(async (clients) => {
  const { seedFleet } = await import('../../core/sandbox/seed.js');
  const fleet = await seedFleet(clients, {
    region: 'us-east-1',
    zones: ZONES,
    groups: [
      { name: 'web-prod-v001', tags: OPTED_IN, instancesPerZone: { 'us-east-1a': 4, 'us-east-1b': 0 } },
      { name: 'web-prod-v002', instancesPerZone: { 'us-east-1a': 0, 'us-east-1b': 3 } },
      { name: 'api-prod-v001', tags: OPTED_IN, instancesPerZone: { 'us-east-1a': 3, 'us-east-1b': 0 } },
      { name: 'api-prod-v002', instancesPerZone: { 'us-east-1a': 2, 'us-east-1b': 0 } },
    ],
  });
  // AZRebalance suspended: with it active AWS would keep each group balanced itself and Circus leaves it alone.
  const autoScaling = clients.autoScaling({ region: 'us-east-1' });
  for (const group of fleet.groups) {
    await autoScaling.send(
      new SuspendProcessesCommand({ AutoScalingGroupName: group.name, ScalingProcesses: ['AZRebalance'] }),
    );
  }
  return fleet;
});
const { clients, redis } = sandbox;

function circusConfig(): GlobalConfig {
  return globalConfigSchema.parse({
    armed: true,
    accounts: [{ id: MOTO_ACCOUNT }],
    regions: ['us-east-1'],
    redis: { prefix: uniquePrefix('circus-cluster') },
  });
}

async function membersOf(name: string): Promise<string[]> {
  const answer = await clients
    .autoScaling({ region: 'us-east-1' })
    .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  return (answer.AutoScalingGroups?.[0]?.Instances ?? []).map((instance) => instance.InstanceId as string);
}

describe('circus counts every group of a cluster, opted in or not', () => {
  it('an armed run leaves a cluster balanced as a whole alone, though its opted-in group alone is not', async () => {
    const before = await membersOf('web-prod-v001');
    const { deps } = runDeps(circusConfig(), clients, redis);
    const report = await runMonkey(
      { monkey: 'circus', region: 'us-east-1', params: { cluster: 'web-prod' }, flagDryRun: false },
      deps,
    );
    expect(report.refused).toBeUndefined();
    expect(report.actions).toEqual([]);
    expect(report.target.balance).toBe('web-prod: balanced us-east-1a:4 us-east-1b:3 (spread 1)');
    expect(await membersOf('web-prod-v001')).toEqual(before);
  });

  it('an unbalanced cluster moves an instance of its opted-in group only, counting the other in the balance', async () => {
    const { deps } = runDeps(circusConfig(), clients, redis);
    const report = await runMonkey(
      { monkey: 'circus', region: 'us-east-1', params: { cluster: 'api-prod' }, flagDryRun: false },
      deps,
    );
    expect(report.actions).toEqual([
      expect.objectContaining({ kind: 'terminate-in-group', group: 'api-prod-v001', status: 'done' }),
    ]);
    expect(seededGroup(sandbox.fleet, 'api-prod-v001').instanceIds).toContain(report.actions[0]?.resource);
    expect(report.target.balance).toContain(
      'api-prod: before us-east-1a:5 us-east-1b:0 → after us-east-1a:4 us-east-1b:1',
    );
    expect(report.skipped).toContainEqual(expect.objectContaining({ resource: 'api-prod-v002', guard: 'opt-in' }));
    expect(await membersOf('api-prod-v002')).toEqual([...seededGroup(sandbox.fleet, 'api-prod-v002').instanceIds]);
  });
});
