import { describe, expect, it } from 'vitest';
import { takeSnapshot } from '../../core/aws/inventory.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';

const clients = testClients();

describe('seedFleet with groups that launch their own instances (moto)', () => {
  it('returns each group with the instances it launched, in its zone, as inventory sees them', async () => {
    const region = 'ap-northeast-2';
    const fleet = await seedFleet(clients, {
      region,
      zones: [`${region}a`],
      groups: [
        { name: 'launched-a', instancesPerZone: 3, launchedByGroup: true, tags: { 'simian:gorilla': 'enabled' } },
        { name: 'launched-b', instancesPerZone: 2, launchedByGroup: true },
      ],
      volumes: { detached: 4 },
      snapshots: 3,
    });
    expect(fleet.groups.map((group) => group.instanceIds.length)).toEqual([3, 2]);
    expect(fleet.groups[0]?.instancesByZone[`${region}a`]).toHaveLength(3);
    expect(fleet.volumes.detached).toHaveLength(4);
    expect(fleet.snapshotIds).toHaveLength(3);
    const snapshot = await takeSnapshot(clients, { account: MOTO_ACCOUNT, region });
    const members = (name: string) => snapshot.groups.find((group) => group.name === name)?.members.map((m) => m.id);
    expect(members('launched-a')?.sort()).toEqual([...(fleet.groups[0]?.instanceIds ?? [])].sort());
    expect(members('launched-b')?.sort()).toEqual([...(fleet.groups[1]?.instanceIds ?? [])].sort());
    expect(snapshot.groups.find((group) => group.name === 'launched-a')?.tags['simian:gorilla']).toBe('enabled');
  });
});
