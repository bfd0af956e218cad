import { CreateOrUpdateTagsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEffect } from '../../core/actuator/registry.js';
import type { AwsClients } from '../../core/aws/clients.js';
import { learnAccount } from '../../core/aws/real-account.js';
import { type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { gorillaConfig, runDeps } from '../monkeys/gorilla-harness.js';
import { testClients, testRedis } from '../support/env.js';

const clients: AwsClients = testClients();
const redis = testRedis();
const REGION = 'us-east-1';

afterAll(async () => {
  clients.destroy();
  await redis.quit();
});

describe('the action-time re-check is batched per resource type', () => {
  // Batches of 50 (the effect's own are 1,000) over 200 groups of one instance: 4 batches, each read in one call of
  // its 50 group names and one moto page of its 50 reservations (one batch of all 200 would read in 2 + 2). A tenth of
  // the 2,000 instances a full-size batch needs: moto takes seconds per hundred to launch and to describe them.
  const BATCH = 50;

  beforeAll(async () => {
    await seedFleet(clients, {
      region: REGION,
      zones: ['us-east-1a'],
      groups: Array.from({ length: 200 }, (_, index) => ({
        name: `batch-${String(index).padStart(3, '0')}`,
        tags: { 'simian:gorilla': 'enabled' },
        instancesPerZone: 1,
        // One CreateAutoScalingGroup each (moto launches the instance, one reservation per group): no attach calls.
        launchedByGroup: true,
      })),
      snapshots: 0,
    });
  }, 240_000);

  it("gorilla's terminations go out in batches of 1,000 (the batches below are a twentieth of that)", () => {
    expect(getEffect('terminate-instance').batchSize).toBe(1000);
  });

  it('a dry gorilla over 200 instances in 200 groups, in batches of 50, re-reads them in 4 + 4 calls (one of each per batch), not 2 per action', async () => {
    // Gorilla's own caps: a zone outage takes the whole zone.
    const config = gorillaConfig({ caps: {} });
    // The account is learned once per process (STS, IAM): learned first, the count is the run's own reads.
    await learnAccount(config, clients, REGION);
    clients.counter.reset();
    const report = await runMonkey(
      { monkey: 'gorilla', region: REGION, params: { zone: 'us-east-1a' }, manual: true, flagDryRun: true },
      { ...runDeps(config, clients, redis).deps, maxBatchSize: BATCH },
    );
    expect(report.summary).toMatchObject({ planned: 200, skipped: 0 });
    // Inventory: 2 group pages + 1 instance page; the zone check: 1. Re-check: 4 batches of 50 terminations, each
    // touching 50 groups (1 call of 50 names) and 50 instance ids in 50 reservations (1 call, one moto page). Per
    // action it would be 2 × 200 calls.
    expect(clients.counter.snapshot()).toEqual({
      'AutoScaling:DescribeAutoScalingGroups': 2 + 4 * 1,
      'EC2:DescribeAvailabilityZones': 1,
      'EC2:DescribeInstances': 1 + 4 * 1,
    });
  }, 120_000);
});

describe('an opt-out written between plan and act spares those groups (blast radius, item 2)', () => {
  let fleet: SeededFleet;
  beforeAll(async () => {
    fleet = await seedFleet(clients, {
      region: REGION,
      zones: ['us-east-1b'],
      groups: Array.from({ length: 10 }, (_, index) => ({
        name: `optout-${index}`,
        tags: { 'simian:gorilla': 'enabled' },
        instancesPerZone: 10,
      })),
      snapshots: 0,
    });
  }, 120_000);

  it('terminates only the groups still opted in when the batch is read, and says why the rest were spared', async () => {
    const optedOut = ['optout-0', 'optout-3', 'optout-6', 'optout-9'];
    const { deps } = runDeps(gorillaConfig(), clients, redis);
    const report = await runMonkey(
      { monkey: 'gorilla', region: REGION, params: { zone: 'us-east-1b' }, manual: true, flagDryRun: false },
      {
        ...deps,
        // Called after the plan and before anything is acted on: the owners opt out right then.
        confirm: async () => {
          await clients.autoScaling({ region: REGION }).send(
            new CreateOrUpdateTagsCommand({
              Tags: optedOut.map((name) => ({
                ResourceId: name,
                ResourceType: 'auto-scaling-group',
                Key: 'simian:gorilla',
                Value: 'disabled',
                PropagateAtLaunch: false,
              })),
            }),
          );
          return true;
        },
      },
    );
    expect(report.summary).toMatchObject({ done: 60, failed: 0, skipped: 40 });
    expect(new Set(report.skipped.map((skip) => skip.guard))).toEqual(new Set(['opt-in']));
    expect(report.skipped[0]?.reason).toBe('opted out by simian:gorilla=disabled (re-checked at action time)');
    const spared = fleet.groups.filter((group) => optedOut.includes(group.name)).flatMap((g) => [...g.instanceIds]);
    const answer = await clients.ec2({ region: REGION }).send(new DescribeInstancesCommand({ InstanceIds: spared }));
    const states = answer.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name);
    expect(states).toEqual(spared.map(() => 'running'));
  }, 120_000);
});
