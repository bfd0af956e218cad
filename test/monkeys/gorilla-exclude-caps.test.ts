import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { gorillaConfig, gorillaSandbox, runDeps } from './gorilla-harness.js';

const GROUPS = 100;
// Groups whose every instance is in zone a (they may still launch in b): the subnet removal must not use up
// their percent cap, or an instance stays in the excluded zone.
const sandbox = gorillaSandbox(
  {
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b'],
    groups: [
      ...Array.from({ length: GROUPS }, (_, index) => ({
        name: `one-${String(index).padStart(3, '0')}`,
        tags: { 'simian:gorilla': 'enabled' },
        instancesPerZone: { 'us-east-1a': 1 },
      })),
      { name: 'pair-prod', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: { 'us-east-1a': 2 } },
    ],
    snapshots: 0,
  },
  180_000,
);
const { clients, redis } = sandbox;

describe('gorilla exclude at maxPercentPerGroup 100', () => {
  it(`takes every opted-in instance of the zone: ${GROUPS} one-instance groups → ${GROUPS} subnet removals and ${GROUPS} terminations`, async () => {
    const zoneA = sandbox.fleet.subnetsByZone['us-east-1a'] as string;
    const inZone = sandbox.fleet.groups.flatMap((group) => group.instancesByZone['us-east-1a'] ?? []);
    // maxPerRun 102 bounds the instances this run takes (GROUPS + 2), not the subnet removals on top of them.
    const config = gorillaConfig({
      caps: { maxPerRun: GROUPS + 2, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: 100 },
    });
    const { deps } = runDeps(config, clients, redis);
    const report = await runMonkey(
      { monkey: 'gorilla', region: 'us-east-1', params: { zone: 'us-east-1a', mode: 'exclude' }, flagDryRun: false },
      deps,
    );

    const done = (kind: string) => report.actions.filter((a) => a.kind === kind && a.status === 'done');
    expect(report.skipped.filter((skip) => skip.guard === 'caps')).toEqual([]);
    expect(done('remove-zone-subnets')).toHaveLength(GROUPS + 1);
    expect(
      done('terminate-instance')
        .map((a) => a.resource)
        .sort(),
    ).toEqual([...inZone].sort());
    expect(done('terminate-instance')).toHaveLength(GROUPS + 2);

    const groups = await clients
      .autoScaling({ region: 'us-east-1' })
      .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['pair-prod', 'one-000'] }));
    for (const group of groups.AutoScalingGroups ?? []) expect(group.VPCZoneIdentifier).not.toContain(zoneA);
  }, 180_000);
});
