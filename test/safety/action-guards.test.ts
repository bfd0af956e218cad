// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { CreateOrUpdateTagsCommand } from '@aws-sdk/client-auto-scaling';
import { TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../core/aws/clients.js';
import { capsGuard } from '../../core/safety/caps-guard.js';
import { FreshState } from '../../core/safety/fresh-state.js';
import { optInGuard } from '../../core/safety/opt-in-guard.js';
import { freePort } from '../../core/sandbox/peers.js';
import type { SeededFleet } from '../../core/sandbox/seed.js';
import { testClients } from '../support/env.js';
import { seedDefaultFleet, seededGroup } from '../support/fleet.js';
import { runContext, scheduleEntry, terminateAction } from './run-context.js';

const clients = testClients();
let fleet: SeededFleet;
afterAll(() => clients.destroy());

beforeAll(async () => {
  fleet = await seedDefaultFleet(clients, {
    zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    groups: [
      { name: 'web-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: 1 },
      { name: 'api-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 1, zones: ['us-east-1a'] },
      { name: 'db-prod', tags: { 'simian:chaos': 'disabled' }, instancesPerZone: 1, zones: ['us-east-1a'] },
    ],
    loose: { count: 1 },
    volumes: {},
    snapshots: 0,
  });
});

const firstOf = (name: string) => seededGroup(fleet, name).instanceIds[0] as string;

describe('opt-in guard (fresh describe at action time)', () => {
  it('lets an action on an opted-in member through', async () => {
    const guard = optInGuard(new FreshState(clients));
    expect(await guard.check(terminateAction(firstOf('web-prod'), 'web-prod'), runContext())).toEqual({ allow: true });
  });

  it('skips a group opted out since the plan was made', async () => {
    const guard = optInGuard(new FreshState(clients));
    const action = terminateAction(firstOf('api-prod'), 'api-prod');
    await clients.autoScaling({ region: 'us-east-1' }).send(
      new CreateOrUpdateTagsCommand({
        Tags: [
          {
            ResourceId: 'api-prod',
            ResourceType: 'auto-scaling-group',
            Key: 'simian:all',
            Value: 'disabled',
            PropagateAtLaunch: false,
          },
        ],
      }),
    );
    expect(await guard.check(action, runContext())).toEqual({
      allow: false,
      guard: 'opt-in',
      scope: 'action',
      reason: 'opted out by simian:all=disabled (re-checked at action time)',
    });
  });

  it('skips a group excluded by the schedule entry', async () => {
    const guard = optInGuard(new FreshState(clients));
    const entry = scheduleEntry({ exclude: [{ names: ['web-*'], reason: 'launch week' }] });
    const verdict = await guard.check(terminateAction(firstOf('web-prod'), 'web-prod'), runContext({ entry }));
    expect(verdict).toMatchObject({ allow: false, reason: expect.stringContaining('(launch week)') });
  });

  it('skips an instance that is no longer in the group', async () => {
    const guard = optInGuard(new FreshState(clients));
    const verdict = await guard.check(terminateAction(firstOf('db-prod'), 'web-prod'), runContext());
    expect(verdict).toMatchObject({
      allow: false,
      reason: `instance ${firstOf('db-prod')} is no longer in group web-prod`,
    });
  });

  it('skips an instance that is already terminated, and a group that no longer exists', async () => {
    const loose = fleet.looseInstanceIds[0] as string;
    await clients.ec2({ region: 'us-east-1' }).send(new TerminateInstancesCommand({ InstanceIds: [loose] }));
    const guard = optInGuard(new FreshState(clients));
    expect(await guard.check(terminateAction(loose, null), runContext())).toMatchObject({
      allow: false,
      reason: expect.stringMatching(new RegExp(`^instance ${loose} is already (shutting-down|terminated)$`)),
    });
    expect(await guard.check(terminateAction(firstOf('web-prod'), 'gone-prod'), runContext())).toMatchObject({
      allow: false,
      reason: 'group gone-prod no longer exists',
    });
  });

  it('skips with the error as reason when AWS cannot be asked', async () => {
    const unreachable = new AwsClients({ endpointUrl: `http://127.0.0.1:${await freePort()}`, maxAttempts: 1 });
    try {
      const guard = optInGuard(new FreshState(unreachable));
      const verdict = await guard.check(terminateAction(firstOf('web-prod'), 'web-prod'), runContext());
      expect(verdict).toMatchObject({
        allow: false,
        guard: 'opt-in',
        reason: expect.stringMatching(new RegExp(`^could not re-check ${firstOf('web-prod')}: .+`)),
      });
    } finally {
      unreachable.destroy();
    }
  });
});

describe('caps guard (fresh group state)', () => {
  it('allows one kill in a group of three, then spares the group at 34%', async () => {
    const guard = capsGuard(new FreshState(clients));
    const run = runContext({ caps: { maxPerRun: 10, maxPercentPerGroup: 34, minHealthy: 1 } });
    const [first, second] = seededGroup(fleet, 'web-prod').instanceIds as string[];
    expect(await guard.check(terminateAction(first as string, 'web-prod'), run)).toEqual({ allow: true });
    expect(await guard.check(terminateAction(second as string, 'web-prod'), run)).toEqual({
      allow: false,
      guard: 'caps',
      scope: 'action',
      reason: '2 action(s) in web-prod would exceed 34% of its 3 instance(s) (at most 1)',
    });
  });

  it('never leaves a group of one without a healthy instance', async () => {
    const guard = capsGuard(new FreshState(clients));
    const run = runContext({ caps: { maxPerRun: 10, minHealthy: 1 } });
    expect(await guard.check(terminateAction(firstOf('db-prod'), 'db-prod'), run)).toEqual({
      allow: false,
      guard: 'caps',
      scope: 'action',
      reason: 'db-prod would keep 0 healthy InService instance(s) (minHealthy 1)',
    });
  });
});
