import { CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import {
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { isReadOnlyOperation, ReadOnlyViolation } from '../../core/aws/read-only.js';
import { testClients } from '../support/env.js';
import { REGION, runInstances } from './resources/support.js';

describe('read-only AWS clients', () => {
  const clients = testClients();
  const target = { region: REGION };
  let instanceId: string;
  let volumeId: string;

  beforeAll(async () => {
    [instanceId = ''] = await runInstances(clients, 1);
    const volume = await clients.ec2(target).send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    volumeId = volume.VolumeId ?? '';
  });

  it('refuses TerminateInstances and DeleteVolume before sending: moto never sees them, the counter neither', async () => {
    const readOnly = clients.readOnly();
    clients.counter.reset();
    const ec2 = readOnly.ec2(target);
    await expect(ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }))).rejects.toThrow(
      /read-only AWS client refused EC2:TerminateInstances/,
    );
    const refused = await ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReadOnlyViolation);
    expect(refused).toMatchObject({ service: 'EC2', operation: 'DeleteVolume', exitCode: 1 });
    await expect(
      readOnly
        .autoScaling(target)
        .send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: 'x', MinSize: 0, MaxSize: 0 })),
    ).rejects.toBeInstanceOf(ReadOnlyViolation);
    expect(clients.counter.total()).toBe(0);

    // Still there, through the writable factory: the refused calls never reached moto.
    const writable = clients.ec2(target);
    const instances = await writable.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(instances.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('running');
    const volumes = await writable.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
    expect(volumes.Volumes?.map((volume) => volume.VolumeId)).toEqual([volumeId]);
  });

  it('lets Describe, List and Get through, counted on the same counter', async () => {
    const readOnly = clients.readOnly();
    clients.counter.reset();
    const described = await readOnly.ec2(target).send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(described.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe(instanceId);
    expect(clients.counter.count('EC2:DescribeInstances')).toBe(1);
    expect(readOnly.counter).toBe(clients.counter);
  });

  it('is one view with its own client cache, and a view of a view is itself', () => {
    const readOnly = clients.readOnly();
    expect(clients.readOnly()).toBe(readOnly);
    expect(readOnly.readOnly()).toBe(readOnly);
    expect(readOnly.isReadOnly).toBe(true);
    expect(clients.isReadOnly).toBe(false);
    expect(readOnly.ec2(target)).not.toBe(clients.ec2(target));
    expect(readOnly.ec2(target)).toBe(readOnly.ec2(target));
  });

  it('tells reads by the operation name', () => {
    for (const name of ['DescribeVolumes', 'ListHostedZones', 'GetCallerIdentity'])
      expect(isReadOnlyOperation(name)).toBe(true);
    for (const name of ['TerminateInstances', 'CreateTags', 'Describer', 'Getaway', 'Unknown']) {
      expect(isReadOnlyOperation(name), name).toBe(false);
    }
  });
});
