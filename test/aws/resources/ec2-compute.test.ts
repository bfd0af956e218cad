import {
  CreateImageCommand,
  CreateLaunchTemplateCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeleteLaunchTemplateCommand,
  DeleteSnapshotCommand,
  DeleteVolumeCommand,
  DeregisterImageCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { getResourceType } from '../../../core/aws/resources/index.js';
import { testClients } from '../../support/env.js';
import {
  awsError,
  createEach,
  filteredTypeChecks,
  motoImage,
  runInstances,
  standIn,
  TARGET,
  tag,
  unknownIds,
} from './support.js';

const clients = testClients();
const ec2 = clients.ec2(TARGET);

describe('instance', () => {
  const type = getResourceType('instance');
  let ids: string[];
  beforeAll(async () => {
    ids = await runInstances(clients, 7);
  });

  it('lists every instance, in pages: 7 instances at page size 5 take 2 DescribeInstances (moto pages by reservation: one each)', async () => {
    clients.counter.reset();
    const records = await type.list(clients, TARGET, { pageSize: 5 });
    expect(records.map((record) => record.id).sort()).toEqual([...ids].sort());
    expect(clients.counter.count('EC2:DescribeInstances')).toBe(2);
    const first = records.find((record) => record.id === ids[0]);
    expect(first).toMatchObject({ name: 'node-0', tags: { Name: 'node-0' } });
    expect(first?.raw.InstanceId).toBe(ids[0]);
  });

  it('re-reads 250 ids (7 live, 243 unknown) in 1 DescribeInstances (listed just before: one listing, not 2 filters of 200 ids)', async () => {
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, [...ids, ...unknownIds('i-', 243)]);
    expect([...fresh.keys()].sort()).toEqual([...ids].sort());
    expect(clients.counter.count('EC2:DescribeInstances')).toBe(1);
  });

  it('sees a tag changed between two reads, and a terminated instance is gone (a mixed batch does not fail)', async () => {
    const [live = '', doomed = ''] = ids;
    expect((await type.fresh(clients, TARGET, [live])).get(live)?.tags.team).toBeUndefined();
    await tag(ec2, live, 'team', 'web');
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [doomed] }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, [live, doomed, 'i-0000000000000dead']);
    expect([...fresh.keys()]).toEqual([live]);
    expect(fresh.get(live)?.tags.team).toBe('web');
    expect(clients.counter.count('EC2:DescribeInstances')).toBe(1);
    expect((await type.list(clients, TARGET)).map((record) => record.id)).not.toContain(doomed);
  });
});

filteredTypeChecks(
  clients,
  'volume',
  'DescribeVolumes',
  'vol-',
  async () => {
    const ids = await createEach([0, 1, 2], async (index) => {
      const volume = await ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: 'us-east-1a',
          Size: 1,
          TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: `data-${index}` }] }],
        }),
      );
      return volume.VolumeId;
    });
    const named = await getResourceType('volume').fresh(clients, TARGET, ids);
    expect(named.get(ids[1] ?? '')).toMatchObject({ name: 'data-1', tags: { Name: 'data-1' } });
    return ids;
  },
  (id) => ec2.send(new DeleteVolumeCommand({ VolumeId: id })),
);

describe('snapshot and image (owner self)', () => {
  const snapshots = getResourceType('snapshot');
  const images = getResourceType('image');
  let snapshotIds: string[];
  let imageIds: string[];
  beforeAll(async () => {
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 1 }));
    snapshotIds = await createEach(
      [0, 1, 2],
      async () => (await ec2.send(new CreateSnapshotCommand({ VolumeId: volume.VolumeId }))).SnapshotId,
    );
    const [instance = ''] = await runInstances(clients, 1);
    imageIds = await createEach(
      ['golden-0', 'golden-1'],
      async (name) => (await ec2.send(new CreateImageCommand({ InstanceId: instance, Name: name }))).ImageId,
    );
  });

  it("lists only the account's snapshots (owner-id filter: moto ignores OwnerIds=self) in 1 DescribeSnapshots", async () => {
    clients.counter.reset();
    const records = await snapshots.list(clients, TARGET);
    const own = records.filter((record) => record.raw.OwnerId === TARGET.account);
    expect(own.length).toBe(records.length);
    expect(records.map((record) => record.id)).toEqual(expect.arrayContaining(snapshotIds));
    expect(clients.counter.count('EC2:DescribeSnapshots')).toBe(1);
  });

  it('re-reads 250 snapshot ids in 1 call (listed just before: one listing, not 2 filters); a deleted snapshot is gone, a tag change is seen', async () => {
    const [live = '', doomed = ''] = snapshotIds;
    await tag(ec2, live, 'simian:janitor:rule', 'orphaned-snapshot');
    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: doomed }));
    clients.counter.reset();
    const fresh = await snapshots.fresh(clients, TARGET, [...snapshotIds, ...unknownIds('snap-', 247)]);
    expect(clients.counter.count('EC2:DescribeSnapshots')).toBe(1);
    expect([...fresh.keys()].sort()).toEqual([live, snapshotIds[2]].sort());
    expect(fresh.get(live)?.tags['simian:janitor:rule']).toBe('orphaned-snapshot');
  });

  it("lists only the account's images, not moto's public ones, by name", async () => {
    clients.counter.reset();
    const records = await images.list(clients, TARGET);
    expect(records.map((record) => record.id).sort()).toEqual([...imageIds].sort());
    expect(records.map((record) => record.name).sort()).toEqual(['golden-0', 'golden-1']);
    expect(clients.counter.count('EC2:DescribeImages')).toBe(1);
  });

  it('a deregistered image is gone, a public image is not ours, and an unknown id does not fail the batch', async () => {
    const [live = '', doomed = ''] = imageIds;
    await tag(ec2, live, 'owner', 'team-ami');
    await ec2.send(new DeregisterImageCommand({ ImageId: doomed }));
    const publicImage = await motoImage(ec2);
    clients.counter.reset();
    const fresh = await images.fresh(clients, TARGET, [live, doomed, publicImage, 'ami-0000000000000dead']);
    expect([...fresh.keys()]).toEqual([live]);
    expect(fresh.get(live)?.tags.owner).toBe('team-ami');
    expect(clients.counter.count('EC2:DescribeImages')).toBe(1);
  });
});

describe('launch-template', () => {
  const type = getResourceType('launch-template');
  let ids: string[];
  beforeAll(async () => {
    ids = await createEach(['web-0', 'web-1', 'web-2'], async (name) => {
      const created = await ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: name,
          LaunchTemplateData: { InstanceType: 't3.micro' },
          TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'team', Value: 'web' }] }],
        }),
      );
      return created.LaunchTemplate?.LaunchTemplateId;
    });
  });

  it('lists the templates by name in 1 call (moto truncates at MaxResults without a NextToken: no paging test)', async () => {
    clients.counter.reset();
    const records = await type.list(clients, TARGET);
    expect(records.map((record) => record.id).sort()).toEqual([...ids].sort());
    expect(records.map((record) => record.name).sort()).toEqual(['web-0', 'web-1', 'web-2']);
    expect(records[0]?.tags).toEqual({ team: 'web' });
    expect(clients.counter.count('EC2:DescribeLaunchTemplates')).toBe(1);
  });

  it('re-reads ids in 1 call; a deleted id is gone (moto omits unknown ids, and freezes tags at creation: no tag-change read)', async () => {
    clients.counter.reset();
    expect([...(await type.fresh(clients, TARGET, ids)).keys()].sort()).toEqual([...ids].sort());
    expect(clients.counter.count('EC2:DescribeLaunchTemplates')).toBe(1);

    const [live = '', doomed = ''] = ids;
    await ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: doomed }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, [doomed, live, 'lt-0000000000000dead']);
    expect([...fresh.keys()]).toEqual([live]);
    expect(fresh.get(live)?.tags).toEqual({ team: 'web' });
    expect(clients.counter.count('EC2:DescribeLaunchTemplates')).toBe(1);
  });

  it('AWS fails a by-id call holding an unknown id (moto omits it: the error is stood in): that chunk is answered from 1 listing', async () => {
    const [live = ''] = ids;
    const remove = standIn(clients.ec2(TARGET), (operation, input) => {
      const asked = (input.LaunchTemplateIds as string[] | undefined) ?? [];
      if (operation === 'DescribeLaunchTemplates' && asked.includes('lt-0000000000000dead')) {
        throw awsError(
          'InvalidLaunchTemplateId.NotFound',
          'The specified launch template, with template ID lt-0000000000000dead, does not exist.',
        );
      }
      return undefined;
    });
    try {
      clients.counter.reset();
      const fresh = await type.fresh(clients, TARGET, ['lt-0000000000000dead', live]);
      expect([...fresh.keys()]).toEqual([live]);
      expect(clients.counter.count('EC2:DescribeLaunchTemplates')).toBe(2);
    } finally {
      remove();
    }
  });

  it('any other error propagates (callers fail closed)', async () => {
    const remove = standIn(clients.ec2(TARGET), () => {
      throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
    });
    try {
      await expect(type.fresh(clients, TARGET, ids)).rejects.toThrow(/not authorized/);
      await expect(getResourceType('volume').fresh(clients, TARGET, ['vol-0000000000000dead'])).rejects.toThrow(
        /not authorized/,
      );
    } finally {
      remove();
    }
  });
});
