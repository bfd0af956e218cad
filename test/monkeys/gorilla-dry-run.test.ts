import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../core/run/run-monkey.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { seedDefaultFleet, seededGroup } from '../support/fleet.js';
import { gorillaConfig, gorillaSandbox, runDeps } from './gorilla-harness.js';

const sandbox = gorillaSandbox((clients) =>
  seedDefaultFleet(clients, { loose: { count: 3 }, volumes: {}, snapshots: 0 }),
);
const { clients, redis } = sandbox;

/** What a user could see of the fleet: every instance with its state, every group with its subnets. */
async function world() {
  const ec2 = clients.ec2({ region: 'us-east-1' });
  const asg = clients.autoScaling({ region: 'us-east-1' });
  const reservations = (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [];
  const instances = reservations
    .flatMap((reservation) => reservation.Instances ?? [])
    .map((instance) => `${instance.InstanceId}:${instance.State?.Name}`)
    .sort();
  const groups = ((await asg.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [])
    .map((group) => `${group.AutoScalingGroupName}:${group.VPCZoneIdentifier}:${group.DesiredCapacity}`)
    .sort();
  return { instances, groups };
}

describe('gorilla dry run on a mixed fleet', () => {
  it('plans exactly the opted-in instances of the zone, spares every other one with its guard, changes nothing', async () => {
    const before = await world();
    const { deps } = runDeps(gorillaConfig(), clients, redis);
    const report = await runMonkey(
      { monkey: 'gorilla', region: 'us-east-1', params: { zone: 'us-east-1a' }, flagDryRun: true },
      deps,
    );

    const inZone = (name: string) => seededGroup(sandbox.fleet, name).instancesByZone['us-east-1a'] ?? [];
    const expected = [...inZone('web-prod'), ...inZone('api-prod')].sort();
    expect(report.dryRun).toBe(true);
    expect(report.target).toEqual({ region: 'us-east-1', zone: 'us-east-1a' });
    expect(report.actions.map((action) => action.resource).sort()).toEqual(expected);
    expect(report.actions.every((action) => action.status === 'planned' && action.kind === 'terminate-instance')).toBe(
      true,
    );

    const skip = (id: string) => report.skipped.find((entry) => entry.resource === id);
    const [dbInstance] = inZone('db-prod');
    expect(skip(dbInstance as string)).toMatchObject({
      group: 'db-prod',
      guard: 'opt-in',
      reason: 'opted out by simian:all=disabled',
    });
    const [batchInstance] = inZone('batch-dev');
    expect(skip(batchInstance as string)).toMatchObject({ group: 'batch-dev', guard: 'opt-in' });
    expect(skip(batchInstance as string)?.reason).toMatch(/simian:gorilla/);
    const [canary] = inZone('web-prod-canary');
    expect(skip(canary as string)).toMatchObject({ guard: 'opt-in' });
    expect(skip(canary as string)?.reason).toMatch(/canary/);

    // Every instance of the zone is either planned or skipped, and nothing of another zone appears.
    const zoneInstances = [
      ...sandbox.fleet.groups.flatMap((group) => group.instancesByZone['us-east-1a'] ?? []),
      ...sandbox.fleet.looseInstanceIds,
    ];
    const seen = new Set([...report.actions.map((a) => a.resource), ...report.skipped.map((s) => s.resource)]);
    for (const id of sandbox.fleet.groups.flatMap((group) => group.instancesByZone['us-east-1a'] ?? []))
      expect(seen.has(id)).toBe(true);
    for (const id of seen) expect(zoneInstances).toContain(id);

    expect(report.summary).toEqual({
      planned: expected.length,
      done: 0,
      failed: 0,
      skipped: report.skipped.length,
    });
    expect(exitCodeOf(report)).toBe(0);
    expect(await world()).toEqual(before);
  });

  it('refuses a zone the region does not have, before any snapshot', async () => {
    const { deps } = runDeps(gorillaConfig(), clients, redis);
    const calls = clients.counter.count('DescribeInstances');
    await expect(
      runMonkey({ monkey: 'gorilla', region: 'us-east-1', params: { zone: 'us-east-1z' }, flagDryRun: true }, deps),
    ).rejects.toThrow(/zone us-east-1z does not exist in region us-east-1/);
    expect(clients.counter.count('DescribeInstances')).toBe(calls);
  });

  it('plans even when Redis is unreachable, as a dry run', async () => {
    const { deps } = runDeps(gorillaConfig(), clients, null);
    const report = await runMonkey(
      { monkey: 'gorilla', region: 'us-east-1', params: { zone: 'us-east-1b' }, flagDryRun: true },
      deps,
    );
    const inZone = (name: string) => seededGroup(sandbox.fleet, name).instancesByZone['us-east-1b'] ?? [];
    expect(report.actions.map((action) => action.resource).sort()).toEqual(
      [...inZone('web-prod'), ...inZone('api-prod')].sort(),
    );
    expect(exitCodeOf(report)).toBe(0);
  });

  it('refuses an armed run when Redis is unreachable (fail closed), terminating nothing', async () => {
    const before = await world();
    const { deps } = runDeps(gorillaConfig(), clients, null);
    const report = await runMonkey(
      { monkey: 'gorilla', region: 'us-east-1', params: { zone: 'us-east-1b' }, flagDryRun: false },
      deps,
    );
    expect(report.refused?.guard).toBe('redis');
    expect(exitCodeOf(report)).toBe(3);
    expect(await world()).toEqual(before);
  });
});
