import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { removeZoneSubnets } from '../../core/actuator/effects/remove-zone-subnets.js';
import { restoreSubnets } from '../../core/actuator/effects/restore-subnets.js';
import type { Action } from '../../core/plan/action.js';
import { exitCodeOf } from '../../core/run/run-monkey.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { MOTO_ACCOUNT } from '../support/env.js';
import { seededGroup, ZONES } from '../support/fleet.js';
import {
  gorillaConfig,
  gorillaSandbox,
  minutesAfter,
  revertDueAsAnotherProcess,
  runDeps,
  silentLogger,
} from './gorilla-harness.js';

const sandbox = gorillaSandbox({
  region: 'us-east-1',
  zones: ZONES,
  groups: [
    { name: 'web-prod', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: 1 },
    { name: 'solo-prod', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: 1, zones: ['us-east-1a'] },
    { name: 'db-prod', instancesPerZone: 1 },
  ],
  snapshots: 0,
});
const { clients, redis } = sandbox;

async function vpcZoneIdentifier(group: string): Promise<string | undefined> {
  const answer = await clients
    .autoScaling({ region: 'us-east-1' })
    .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }));
  return answer.AutoScalingGroups?.[0]?.VPCZoneIdentifier;
}

describe('gorilla armed, exclude mode', () => {
  it('removes the zone from opted-in groups, terminates their instances there, and a revert from another process restores the subnets exactly', async () => {
    const original = await vpcZoneIdentifier('web-prod');
    const untouched = await vpcZoneIdentifier('db-prod');
    const zoneSubnet = sandbox.fleet.subnetsByZone['us-east-1a'] as string;
    const config = gorillaConfig();
    const { deps, clock } = runDeps(config, clients, redis);

    const report = await runMonkey(
      {
        monkey: 'gorilla',
        region: 'us-east-1',
        params: { zone: 'us-east-1a', mode: 'exclude', duration: '20m' },
        flagDryRun: false,
      },
      deps,
    );

    const web = seededGroup(sandbox.fleet, 'web-prod');
    const exclusion = report.actions.find((action) => action.kind === 'remove-zone-subnets');
    expect(exclusion).toMatchObject({ resource: 'web-prod', status: 'done', zone: 'us-east-1a' });
    expect(exclusion?.revertAt).toBe(minutesAfter(clock, 20).toISOString());
    expect(report.actions.filter((action) => action.kind === 'terminate-instance')).toEqual([
      expect.objectContaining({ resource: web.instancesByZone['us-east-1a']?.[0], status: 'done' }),
    ]);
    // A group living only in the zone cannot leave it: spared, with its instance, by the exclude guard.
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resource: 'solo-prod', guard: 'gorilla-exclude' }),
        expect.objectContaining({ group: 'solo-prod', guard: 'gorilla-exclude' }),
        expect.objectContaining({ group: 'db-prod', guard: 'opt-in' }),
      ]),
    );
    expect(exitCodeOf(report)).toBe(0);
    expect((await vpcZoneIdentifier('web-prod'))?.split(',')).not.toContain(zoneSubnet);
    expect(await vpcZoneIdentifier('db-prod')).toBe(untouched);

    // Not yet due: nothing happens.
    expect(await revertDueAsAnotherProcess(config, clients, redis, clock.now())).toEqual([]);
    const results = await revertDueAsAnotherProcess(config, clients, redis, minutesAfter(clock, 21));
    expect(results.map((result) => result.status)).toEqual(['done']);
    expect(await vpcZoneIdentifier('web-prod')).toBe(original);

    // Applying again is a no-op: the revert is done.
    const again = await revertDueAsAnotherProcess(config, clients, redis, minutesAfter(clock, 60));
    expect(again).toEqual([]);
    expect(await vpcZoneIdentifier('web-prod')).toBe(original);
  });

  it('a redelivered job (same run id) removes nothing more, and its revert still restores the original subnets', async () => {
    const original = await vpcZoneIdentifier('web-prod');
    const config = gorillaConfig();
    const request = {
      monkey: 'gorilla',
      region: 'us-east-1',
      params: { zone: 'us-east-1b', mode: 'exclude' },
      flagDryRun: false,
      runId: 'gorilla-redelivered-1',
    };
    const first = await runMonkey(request, runDeps(config, clients, redis).deps);
    expect(first.actions.find((action) => action.kind === 'remove-zone-subnets')?.status).toBe('done');
    const afterFirst = await vpcZoneIdentifier('web-prod');

    const { deps, clock } = runDeps(config, clients, redis);
    const second = await runMonkey(request, deps);
    // The group is already out of the zone: nothing left to remove, and the subnets stay as the first delivery left them.
    expect(second.actions.filter((action) => action.kind === 'remove-zone-subnets')).toEqual([]);
    expect(second.actions.filter((action) => action.status === 'failed')).toEqual([]);
    expect(await vpcZoneIdentifier('web-prod')).toBe(afterFirst);

    const results = await revertDueAsAnotherProcess(config, clients, redis, minutesAfter(clock, 31));
    expect(results.map((result) => result.status)).toEqual(['done']);
    expect(await vpcZoneIdentifier('web-prod')).toBe(original);
  });

  it('the effect alone is idempotent: a second apply is "already", and a late capture still saves the original', async () => {
    const original = new Set((await vpcZoneIdentifier('web-prod'))?.split(','));
    const subnet = sandbox.fleet.subnetsByZone['us-east-1c'] as string;
    const action: Action = {
      kind: 'remove-zone-subnets',
      resource: 'web-prod',
      group: 'web-prod',
      account: MOTO_ACCOUNT,
      region: 'us-east-1',
      zone: 'us-east-1c',
      params: { zone: 'us-east-1c', subnetIds: [subnet] },
    };
    const ctx = { clients, logger: silentLogger };
    expect(await removeZoneSubnets.apply([action], ctx)).toEqual([{ resource: 'web-prod', ok: true }]);
    expect(await removeZoneSubnets.apply([action], ctx)).toEqual([{ resource: 'web-prod', ok: true, already: true }]);

    const capture = removeZoneSubnets.capture as NonNullable<typeof removeZoneSubnets.capture>;
    const saved = (await capture([action], ctx)).get('web-prod') as Record<string, unknown>;
    expect(new Set(String(saved.vpcZoneIdentifier).split(','))).toEqual(original);
    const revert = (removeZoneSubnets.revertOf as NonNullable<typeof removeZoneSubnets.revertOf>)(action, saved);
    const restore = { ...action, kind: revert.kind, params: revert.params };
    expect(await restoreSubnets.apply([restore], ctx)).toEqual([{ resource: 'web-prod', ok: true }]);
    expect(await restoreSubnets.apply([restore], ctx)).toEqual([{ resource: 'web-prod', ok: true, already: true }]);
    expect(new Set((await vpcZoneIdentifier('web-prod'))?.split(','))).toEqual(original);
  });
});
