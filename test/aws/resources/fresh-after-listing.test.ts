import { CreateTagsCommand, CreateVolumeCommand, DeleteVolumeCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { getResourceType } from '../../../core/aws/resources/index.js';
import { MOTO_ACCOUNT, testClients } from '../../support/env.js';
import { createEach, unknownIds } from './support.js';

const clients = testClients();
// Regions of their own: no other test lists or seeds volumes there.
const LISTED = { account: MOTO_ACCOUNT, region: 'eu-north-1' } as const;
const NEVER_LISTED = { account: MOTO_ACCOUNT, region: 'eu-south-1' } as const;
const LISTED_LARGER = { account: MOTO_ACCOUNT, region: 'eu-west-3' } as const;

async function seedVolumes(target: typeof LISTED | typeof NEVER_LISTED | typeof LISTED_LARGER, count: number) {
  const ec2 = clients.ec2(target);
  return createEach(Array.from({ length: count }), async () => {
    const made = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${target.region}a`, Size: 1 }));
    return made.VolumeId;
  });
}

describe('fresh after a listing: the same fresh read, in the fewer calls', () => {
  const volumes = getResourceType('volume');

  it('re-reads 250 ids with one listing when this process listed fewer than a page there, and sees what changed since', async () => {
    const [live = '', doomed = '', other = ''] = await seedVolumes(LISTED, 3);
    expect((await volumes.list(clients, LISTED)).map((record) => record.id)).toEqual(
      expect.arrayContaining([live, doomed, other]),
    );
    const ec2 = clients.ec2(LISTED);
    await ec2.send(new CreateTagsCommand({ Resources: [live], Tags: [{ Key: 'simian:janitor', Value: 'disabled' }] }));
    await ec2.send(new DeleteVolumeCommand({ VolumeId: doomed }));
    clients.counter.reset();
    const fresh = await volumes.fresh(clients, LISTED, [live, doomed, other, ...unknownIds('vol-', 247)]);
    expect(clients.counter.count('EC2:DescribeVolumes')).toBe(1);
    expect([...fresh.keys()].sort()).toEqual([live, other].sort());
    expect(fresh.get(live)?.tags['simian:janitor']).toBe('disabled');
  });

  it('filters by id (200 a call) where this process never listed the type', async () => {
    const ids = await seedVolumes(NEVER_LISTED, 2);
    clients.counter.reset();
    const fresh = await volumes.fresh(clients, NEVER_LISTED, [...ids, ...unknownIds('vol-', 248)]);
    expect(clients.counter.count('EC2:DescribeVolumes')).toBe(2);
    expect([...fresh.keys()].sort()).toEqual([...ids].sort());
  });

  it('re-reads only the ids asked when the listing holds more than them (a batch of a large type): id filters, never the whole type again', async () => {
    // More than a filter's 200 ids in the batch, and the listing one page larger still.
    const ids = await seedVolumes(LISTED_LARGER, 300);
    expect((await volumes.list(clients, LISTED_LARGER)).length).toBeGreaterThanOrEqual(300);
    const batch = ids.slice(0, 210);
    let answered = 0;
    const ec2 = clients.ec2(LISTED_LARGER);
    const count = 'countAnsweredVolumes';
    ec2.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        answered += ((result.output as { Volumes?: unknown[] }).Volumes ?? []).length;
        return result;
      },
      { step: 'initialize', name: count },
    );
    try {
      const fresh = await volumes.fresh(clients, LISTED_LARGER, batch);
      expect([...fresh.keys()].sort()).toEqual([...batch].sort());
      // What moto (and AWS) renders is what a re-read costs: the batch, not the 300 the listing would answer.
      expect(answered).toBe(batch.length);
    } finally {
      ec2.middlewareStack.remove(count);
    }
  });
});
