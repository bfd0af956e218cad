import {
  CreateImageCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Effect } from '../../core/actuator/effect.js';
import { noParams } from '../../core/actuator/effects/param-shapes.js';
import { executePlan } from '../../core/actuator/execute.js';
import { registerEffect } from '../../core/actuator/registry.js';
import { MemoryEventSink } from '../../core/events/event.js';
import type { Action, Plan } from '../../core/plan/action.js';
import { buildGuards } from '../../core/safety/chain.js';
import { registerMonkey } from '../../monkeys/index.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { executeDeps, instanceStates, launchInstances, quietLogger, REGION, runContext } from '../actuator/support.js';
import { gorillaConfig, runDeps } from '../monkeys/gorilla-harness.js';
import { MOTO_ACCOUNT, testClients, testRedis, uniquePrefix } from '../support/env.js';

const clients = testClients();
const redis = testRedis();
const applied: string[] = [];

/** Changes nothing in AWS: records which resources got through every guard (a stand-in for a Janitor deletion). */
const recordingEffect: Effect = {
  kind: 'test-tidy-resource',
  description: 'records the resources it is applied to (tests)',
  permissions: ['ec2:CreateTags'],
  batchSize: 100,
  pacing: 'ec2:CreateTags',
  capped: 'none',
  paramsSchema: noParams,
  async apply(actions) {
    applied.push(...actions.map((action) => action.resource));
    return actions.map((action) => ({ resource: action.resource, ok: true }));
  },
};
registerEffect(recordingEffect);

const ec2 = () => clients.ec2({ region: REGION });
const ids: Record<'volume' | 'snapshot' | 'image', string[]> = { volume: [], snapshot: [], image: [] };

beforeAll(async () => {
  for (let index = 0; index < 3; index += 1) {
    const volume = await ec2().send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 1 }));
    ids.volume.push(volume.VolumeId as string);
  }
  for (let index = 0; index < 2; index += 1) {
    const snapshot = await ec2().send(new CreateSnapshotCommand({ VolumeId: ids.volume[0] }));
    ids.snapshot.push(snapshot.SnapshotId as string);
  }
  const [instance] = await launchInstances(clients, 1);
  for (let index = 0; index < 2; index += 1) {
    const image = await ec2().send(new CreateImageCommand({ InstanceId: instance, Name: `recheck-${index}` }));
    ids.image.push(image.ImageId as string);
  }
});

afterAll(async () => {
  clients.destroy();
  await redis.quit();
});

function tidy(resource: string): Action {
  return {
    kind: recordingEffect.kind,
    resource,
    group: null,
    account: MOTO_ACCOUNT,
    region: REGION,
    zone: null,
    params: {},
  };
}

describe('the action-time re-check reads every resource type (not only instances)', () => {
  it('spares a volume, snapshot or image opted out (or deleted) between plan and act, and acts on the rest', async () => {
    const plan: Plan = {
      monkey: 'janitor-test',
      target: { region: REGION },
      actions: [...ids.volume, ...ids.snapshot, ...ids.image].map(tidy),
      skipped: [],
    };
    // Between plan and act: one of each type gains an opt-out, and one volume is deleted.
    const optedOut = [ids.volume[0], ids.snapshot[0], ids.image[0]] as string[];
    await ec2().send(
      new CreateTagsCommand({ Resources: optedOut, Tags: [{ Key: 'Simian:Janitor-Test', Value: 'Disabled' }] }),
    );
    await ec2().send(new DeleteVolumeCommand({ VolumeId: ids.volume[2] }));
    const config = runContext({ dryRun: false }).config;
    const run = runContext({
      dryRun: false,
      monkey: 'janitor-test',
      kind: 'janitor',
      config: { ...config, redis: { ...config.redis, prefix: uniquePrefix('recheck') } },
    });
    applied.length = 0;
    clients.counter.reset();
    const clock = executeDeps(clients).clock;
    const built = buildGuards({ clients, redis, events: new MemoryEventSink(), clock, logger: quietLogger });
    // The action guards and their batched read (the run guards, calendar and accounts, are not what this is about).
    const guards = { run: [], action: built.action, ...(built.prefetch ? { prefetch: built.prefetch } : {}) };
    const report = await executePlan(plan, run, executeDeps(clients, { guards }));

    expect(applied.sort()).toEqual([ids.volume[1], ids.snapshot[1], ids.image[1]].sort());
    const reasons = Object.fromEntries(report.skipped.map((skip) => [skip.resource, `${skip.guard}: ${skip.reason}`]));
    for (const id of optedOut) {
      expect(reasons[id]).toBe(
        `opt-in: ${id} is opted out by Simian:Janitor-Test=Disabled (re-checked at action time)`,
      );
    }
    expect(reasons[ids.volume[2] as string]).toBe(`opt-in: volume ${ids.volume[2]} no longer exists`);
    // One batched read per type: a volume, a snapshot and an image read, never one per resource.
    expect(clients.counter.count('DescribeVolumes')).toBe(1);
    expect(clients.counter.count('DescribeSnapshots')).toBe(1);
    expect(clients.counter.count('DescribeImages')).toBe(1);
  });
});

describe('everything before the actuator reads only', () => {
  it("a monkey's prepare that tries a mutating call is refused before it reaches AWS, and the run fails", async () => {
    const [instance] = await launchInstances(clients, 1);
    registerMonkey({
      name: 'prepare-misbehaves',
      kind: 'fault',
      description: 'tries to terminate from its read-only prepare (tests)',
      params: z.strictObject({}),
      async prepare({ clients: reader, target }) {
        await reader.ec2(target).send(new TerminateInstancesCommand({ InstanceIds: [instance as string] }));
      },
      plan: ({ snapshot }) => ({
        monkey: 'prepare-misbehaves',
        target: { region: snapshot.region },
        actions: [],
        skipped: [],
      }),
    });
    const config = gorillaConfig();
    await expect(
      runMonkey(
        { monkey: 'prepare-misbehaves', region: REGION, manual: true, flagDryRun: true },
        runDeps(config, clients, redis).deps,
      ),
    ).rejects.toThrow(/TerminateInstances/);
    const states = await instanceStates(clients, [instance as string]);
    expect(states.get(instance as string)).toBe('running');
  });
});
