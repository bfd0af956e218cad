// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { CreateVolumeCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { executePlan } from '../../core/actuator/execute.js';
import type { Plan } from '../../core/plan/action.js';
import { testClients } from '../support/env.js';
import { executeDeps, instanceAction, REGION, runContext } from './support.js';

const clients = testClients();
const ec2 = clients.ec2({ region: REGION });
const MARK = { 'simian:janitor:rule': 'detached-volume', 'simian:janitor:delete-after': '2026-12-01T00:00:00.000Z' };
let volumes: string[] = [];

function plan(kind: string, marks: readonly { id: string; params: Record<string, unknown> }[]): Plan {
  return {
    monkey: 'janitor',
    target: { region: REGION },
    actions: marks.map(({ id, params }) => instanceAction(kind, id, { group: null, zone: null, params })),
    skipped: [],
  };
}

async function tagsOf(ids: readonly string[]) {
  const answer = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [...ids] }));
  return new Map(
    (answer.Volumes ?? []).map((volume) => [
      volume.VolumeId,
      Object.fromEntries((volume.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
    ]),
  );
}

describe('janitor tagging batched per identical change (moto)', () => {
  beforeAll(async () => {
    volumes = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 1 }));
        return volume.VolumeId as string;
      }),
    );
  });

  it('marks volumes that get the same tags with one CreateTags, and one with other tags with its own', async () => {
    const same = volumes.slice(0, 5).map((id) => ({ id, params: { resourceType: 'volume', tags: MARK } }));
    const other = {
      id: volumes[5] as string,
      params: { resourceType: 'volume', tags: { 'simian:janitor:rule': 'x' } },
    };
    clients.counter.reset();
    const report = await executePlan(
      plan('mark-for-janitor', [...same, other]),
      runContext({ dryRun: false }),
      executeDeps(clients),
    );
    expect(report.summary).toMatchObject({ done: 6, failed: 0 });
    expect(clients.counter.count('CreateTags')).toBe(2);
    const tags = await tagsOf(volumes);
    for (const id of volumes.slice(0, 5)) expect(tags.get(id)).toMatchObject(MARK);
    expect(tags.get(volumes[5])).toMatchObject({ 'simian:janitor:rule': 'x' });
  });

  it('unmarks them with one DeleteTags per set of keys', async () => {
    const keys = Object.keys(MARK);
    clients.counter.reset();
    const report = await executePlan(
      plan(
        'unmark-for-janitor',
        volumes.slice(0, 5).map((id) => ({ id, params: { resourceType: 'volume', keys } })),
      ),
      runContext({ dryRun: false }),
      executeDeps(clients),
    );
    expect(report.summary).toMatchObject({ done: 5, failed: 0 });
    expect(clients.counter.count('DeleteTags')).toBe(1);
    const tags = await tagsOf(volumes.slice(0, 5));
    for (const id of volumes.slice(0, 5)) expect(Object.keys(tags.get(id) ?? {})).not.toContain(keys[0]);
  });
});
