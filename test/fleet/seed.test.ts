import { DescribeSnapshotsCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../core/aws/clients.js';
import { InputError } from '../../core/errors.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { testClients } from '../support/env.js';

const TINY = { region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'], groups: [{ name: 'tiny-test' }] };

describe('seedFleet', () => {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  afterEach(() => {
    process.env.AWS_ENDPOINT_URL = endpoint;
  });

  it('refuses to run without an endpoint URL, before any AWS call', async () => {
    delete process.env.AWS_ENDPOINT_URL;
    const clients = new AwsClients();
    await expect(seedFleet(clients, TINY)).rejects.toThrow(InputError);
    await expect(seedFleet(clients, TINY)).rejects.toThrow(
      'fleet seeding only runs against a local AWS emulator (moto): set AWS_ENDPOINT_URL or --endpoint-url to it',
    );
    expect(clients.counter.total()).toBe(0);
  });

  it('refuses an endpoint that is real AWS', async () => {
    const clients = new AwsClients({ endpointUrl: 'https://ec2.us-east-1.amazonaws.com' });
    await expect(seedFleet(clients, TINY)).rejects.toThrow(/only runs against a local AWS emulator/);
    expect(clients.counter.total()).toBe(0);
  });

  it('creates attached and detached volumes and snapshots, and places each group instance in its zone', async () => {
    const clients = testClients();
    const fleet = await seedFleet(clients, {
      ...TINY,
      groups: [{ name: 'tiny-test', instancesPerZone: { 'us-east-1a': 2, 'us-east-1b': 1 } }],
      volumes: { attached: 2, detached: 1, tags: { owner: 'ops@example.com' } },
      snapshots: 2,
    });
    expect(fleet.groups[0]?.instancesByZone['us-east-1a']).toHaveLength(2);
    expect(fleet.groups[0]?.instancesByZone['us-east-1b']).toHaveLength(1);
    const ec2 = clients.ec2({ region: 'us-east-1' });
    const volumes = await ec2.send(
      new DescribeVolumesCommand({ VolumeIds: [...fleet.volumes.attached, ...fleet.volumes.detached] }),
    );
    const stateOf = Object.fromEntries((volumes.Volumes ?? []).map((volume) => [volume.VolumeId, volume.State]));
    expect(fleet.volumes.attached.map((id) => stateOf[id])).toEqual(['in-use', 'in-use']);
    expect(fleet.volumes.detached.map((id) => stateOf[id])).toEqual(['available']);
    expect(volumes.Volumes?.every((volume) => volume.Tags?.some((tag) => tag.Key === 'owner'))).toBe(true);
    const snapshots = await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [...fleet.snapshotIds] }));
    expect(snapshots.Snapshots?.map((snapshot) => snapshot.VolumeId)).toEqual(
      fleet.snapshotIds.map(() => fleet.volumes.detached[0]),
    );
  });
});
