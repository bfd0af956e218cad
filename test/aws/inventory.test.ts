import { SuspendProcessesCommand } from '@aws-sdk/client-auto-scaling';
import { beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../core/aws/clients.js';
import { takeSnapshot } from '../../core/aws/inventory.js';
import type { Snapshot } from '../../core/fleet/model.js';
import type { SeededFleet } from '../../core/sandbox/seed.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';
import { DEFAULT_FLEET, seedDefaultFleet, seededGroup } from '../support/fleet.js';

describe('takeSnapshot of a seeded fleet', () => {
  let fleet: SeededFleet;
  let snapshot: Snapshot;
  const clients = testClients();

  beforeAll(async () => {
    fleet = await seedDefaultFleet(clients);
    await clients
      .autoScaling({ region: 'us-east-1' })
      .send(new SuspendProcessesCommand({ AutoScalingGroupName: 'batch-dev', ScalingProcesses: ['Launch'] }));
    clients.counter.reset();
    snapshot = await takeSnapshot(clients, { account: MOTO_ACCOUNT, region: 'us-east-1' });
  });

  it('lists every seeded group with its zones, subnets, sizes and tags', () => {
    expect(snapshot.account).toBe(MOTO_ACCOUNT);
    expect(snapshot.region).toBe('us-east-1');
    expect(snapshot.groups.map((group) => group.name)).toEqual(
      (DEFAULT_FLEET.groups ?? []).map((group) => group.name).sort(),
    );
    const web = snapshot.groups.find((group) => group.name === 'web-prod');
    expect(web?.zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(web?.subnetIds).toEqual(Object.values(fleet.subnetsByZone));
    expect({ desired: web?.desired, min: web?.min, max: web?.max }).toEqual({ desired: 3, min: 1, max: 6 });
    expect(web?.tags).toMatchObject({ 'simian:all': 'enabled', team: 'web' });
    expect(web?.naming).toEqual({ app: 'web', stack: 'prod', detail: null, cluster: 'web-prod' });
    const batch = snapshot.groups.find((group) => group.name === 'batch-dev');
    expect(batch?.zones).toEqual(['us-east-1a', 'us-east-1b']);
    expect(batch?.suspendedProcesses).toEqual(['Launch']);
    expect(web?.suspendedProcesses).toEqual([]);
  });

  it('places each group member in the zone it was seeded in, InService and Healthy', () => {
    for (const seeded of fleet.groups) {
      const group = snapshot.groups.find((candidate) => candidate.name === seeded.name);
      const membersByZone: Record<string, string[]> = {};
      for (const member of group?.members ?? []) {
        membersByZone[member.zone] = [...(membersByZone[member.zone] ?? []), member.id].sort();
        expect(member.lifecycleState).toBe('InService');
        expect(member.healthStatus).toBe('Healthy');
      }
      const expected = Object.fromEntries(
        Object.entries(seeded.instancesByZone).map(([zone, ids]) => [zone, [...ids].sort()]),
      );
      expect(membersByZone).toEqual(expected);
    }
  });

  it('describes every instance: zone, state, group, network, tags and volumes', () => {
    const seededIds = [...fleet.looseInstanceIds, ...fleet.groups.flatMap((group) => group.instanceIds)].sort();
    expect(snapshot.instances.map((instance) => instance.id)).toEqual(seededIds);
    const canary = seededGroup(fleet, 'web-prod-canary');
    const instance = snapshot.instances.find((candidate) => candidate.id === canary.instanceIds[0]);
    expect(instance).toMatchObject({
      zone: 'us-east-1a',
      state: 'running',
      group: 'web-prod-canary',
      instanceType: 't3.micro',
      subnetId: fleet.subnetsByZone['us-east-1a'],
      vpcId: fleet.vpcId,
    });
    expect(instance?.tags).toMatchObject({ Name: 'web-prod-canary', 'simian:all': 'enabled' });
    expect(instance?.securityGroupIds.length).toBeGreaterThan(0);
    expect(instance?.launchTime).toBeInstanceOf(Date);
    for (const id of fleet.looseInstanceIds) {
      expect(snapshot.instances.find((candidate) => candidate.id === id)?.group).toBeUndefined();
    }
    const withExtraVolume = snapshot.instances.find((candidate) =>
      candidate.volumes.some((volume) => volume.volumeId === fleet.volumes.attached[0]),
    );
    expect(withExtraVolume?.id).toBe(fleet.looseInstanceIds[0]);
    expect(withExtraVolume?.volumes.find((volume) => volume.volumeId === fleet.volumes.attached[0])?.device).toBe(
      '/dev/sdf',
    );
  });

  it('costs one DescribeAutoScalingGroups and one DescribeInstances call for a small fleet', () => {
    expect(clients.counter.snapshot()).toEqual({
      'AutoScaling:DescribeAutoScalingGroups': 1,
      'EC2:DescribeInstances': 1,
    });
  });

  it('lists only the resource types a monkey reads, one sweep each, as typed records', async () => {
    clients.counter.reset();
    const volumesOnly = await takeSnapshot(
      clients,
      { account: MOTO_ACCOUNT, region: 'us-east-1' },
      { reads: ['volume'] },
    );
    expect(clients.counter.snapshot()).toEqual({ 'EC2:DescribeVolumes': 1 });
    expect(volumesOnly.groups).toEqual([]);
    expect(volumesOnly.instances).toEqual([]);
    const ids = (volumesOnly.resources.get('volume') ?? []).map((volume) => volume.id);
    expect(ids).toEqual(expect.arrayContaining([...fleet.volumes.attached, ...fleet.volumes.detached]));
  });
});

describe('takeSnapshot when AWS cannot be read', () => {
  it('rejects instead of returning a partial snapshot (nothing to act on)', async () => {
    const unreachable = new AwsClients({ endpointUrl: 'http://127.0.0.1:9', maxAttempts: 1 });
    await expect(takeSnapshot(unreachable, { account: MOTO_ACCOUNT, region: 'us-east-1' })).rejects.toThrow();
    unreachable.destroy();
  });
});

describe('takeSnapshot pagination', () => {
  const clients = testClients();
  const region = 'us-west-2';
  const zones = ['us-west-2a', 'us-west-2b'];

  beforeAll(async () => {
    const { seedFleet } = await import('../../core/sandbox/seed.js');
    await seedFleet(clients, {
      region,
      zones,
      groups: Array.from({ length: 101 }, (_, index) => ({
        name: `app${String(index).padStart(3, '0')}-test`,
        instancesPerZone: 0,
      })),
      loose: { count: 12, onePerReservation: true },
    });
  });

  it('reads 101 groups in exactly 2 DescribeAutoScalingGroups pages of 100', async () => {
    clients.counter.reset();
    const snapshot = await takeSnapshot(clients, { account: MOTO_ACCOUNT, region });
    expect(snapshot.groups).toHaveLength(101);
    expect(new Set(snapshot.groups.map((group) => group.name)).size).toBe(101);
    expect(clients.counter.count('DescribeAutoScalingGroups')).toBe(2);
  });

  it('reads more than one DescribeInstances page: 12 one-instance reservations at page size 5 cost exactly 3 calls (moto pages by reservation)', async () => {
    clients.counter.reset();
    const snapshot = await takeSnapshot(clients, { account: MOTO_ACCOUNT, region }, { instancePageSize: 5 });
    expect(snapshot.instances).toHaveLength(12);
    expect(new Set(snapshot.instances.map((instance) => instance.id)).size).toBe(12);
    expect(clients.counter.count('DescribeInstances')).toBe(3);
  });

  it('reads all 12 instances in one DescribeInstances call at the default page size of 1000', async () => {
    clients.counter.reset();
    const snapshot = await takeSnapshot(clients, { account: MOTO_ACCOUNT, region });
    expect(snapshot.instances).toHaveLength(12);
    expect(clients.counter.count('DescribeInstances')).toBe(1);
  });
});
