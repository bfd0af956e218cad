import {
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  CreateOrUpdateTagsCommand,
  DeleteAutoScalingGroupCommand,
  DeleteLaunchConfigurationCommand,
} from '@aws-sdk/client-auto-scaling';
import { beforeAll, describe, expect, it } from 'vitest';
import { getResourceType } from '../../../core/aws/resources/index.js';
import { testClients } from '../../support/env.js';
import { motoImage, TARGET } from './support.js';

const clients = testClients();
const autoScaling = clients.autoScaling(TARGET);
const GROUPS = ['api-prod', 'batch-dev', 'web-prod'];
const CONFIGS = ['lc-a', 'lc-b', 'lc-c'];
const absent = (count: number) => Array.from({ length: count }, (_, index) => `no-such-${index}`);

beforeAll(async () => {
  const imageId = await motoImage(clients.ec2(TARGET));
  for (const name of CONFIGS) {
    await autoScaling.send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: name,
        ImageId: imageId,
        InstanceType: 't3.micro',
      }),
    );
  }
  for (const name of GROUPS) {
    await autoScaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchConfigurationName: 'lc-a',
        MinSize: 0,
        MaxSize: 0,
        DesiredCapacity: 0,
        AvailabilityZones: ['us-east-1a'],
        Tags: [{ Key: 'team', Value: name.split('-')[0], PropagateAtLaunch: false }],
      }),
    );
  }
});

describe('auto-scaling-group', () => {
  const type = getResourceType('auto-scaling-group');

  it('lists every group by name, in pages: 3 groups at page size 2 take 2 DescribeAutoScalingGroups', async () => {
    clients.counter.reset();
    const records = await type.list(clients, TARGET, { pageSize: 2 });
    expect(records.map((record) => record.id)).toEqual(GROUPS);
    expect(records[0]).toMatchObject({ id: 'api-prod', name: 'api-prod', tags: { team: 'api' } });
    expect(clients.counter.count('AutoScaling:DescribeAutoScalingGroups')).toBe(2);
  });

  it('re-reads 150 names (3 live) in 2 calls (100 names a call): unknown names are simply absent', async () => {
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, [...GROUPS, ...absent(147)]);
    expect([...fresh.keys()].sort()).toEqual(GROUPS);
    expect(clients.counter.count('AutoScaling:DescribeAutoScalingGroups')).toBe(2);
  });

  it('sees a tag changed between two reads, and a deleted group is gone', async () => {
    await autoScaling.send(
      new CreateOrUpdateTagsCommand({
        Tags: [
          {
            ResourceId: 'web-prod',
            ResourceType: 'auto-scaling-group',
            Key: 'simian:chaos',
            Value: 'disabled',
            PropagateAtLaunch: false,
          },
        ],
      }),
    );
    await autoScaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'batch-dev', ForceDelete: true }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, GROUPS);
    expect([...fresh.keys()].sort()).toEqual(['api-prod', 'web-prod']);
    expect(fresh.get('web-prod')?.tags['simian:chaos']).toBe('disabled');
    expect(clients.counter.count('AutoScaling:DescribeAutoScalingGroups')).toBe(1);
  });
});

describe('launch-configuration', () => {
  const type = getResourceType('launch-configuration');

  it('lists every configuration by name, in pages: 3 at page size 2 take 2 DescribeLaunchConfigurations; no tags', async () => {
    clients.counter.reset();
    const records = await type.list(clients, TARGET, { pageSize: 2 });
    expect(records.map((record) => record.id)).toEqual(CONFIGS);
    expect(records[0]).toMatchObject({ id: 'lc-a', name: 'lc-a', tags: {} });
    expect(records[0]?.raw.InstanceType).toBe('t3.micro');
    expect(clients.counter.count('AutoScaling:DescribeLaunchConfigurations')).toBe(2);
  });

  it('re-reads 60 names (3 live) in 2 calls (50 names a call), and a deleted one is gone', async () => {
    await autoScaling.send(new DeleteLaunchConfigurationCommand({ LaunchConfigurationName: 'lc-c' }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, [...CONFIGS, ...absent(57)]);
    expect([...fresh.keys()].sort()).toEqual(['lc-a', 'lc-b']);
    expect(clients.counter.count('AutoScaling:DescribeLaunchConfigurations')).toBe(2);
  });
});
