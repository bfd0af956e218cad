import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalConfigSchema } from '../../core/config/schema.js';
import { dayOf } from '../../core/queue/daily-plan-job.js';
import { openFleetQueue } from '../../core/queue/fleet-queue.js';
import { readPlan } from '../../core/queue/plan-store.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { ALWAYS_OPEN_CALENDAR } from '../../core/sandbox/always-open-calendar.js';
import { MOTO_ACCOUNT, redisUrl, testClients, uniquePrefix } from '../support/env.js';
import { seedDefaultFleet } from '../support/fleet.js';
import { waitFor } from '../support/wait-for.js';
import { fleetNodeScript, killAllFleetNodes, startFleet, writeFleetConfig } from './support/fleet-processes.js';

describe('an armed compressed day on the real pipeline (moto)', () => {
  const clients = testClients();
  let redis: Redis;
  beforeAll(async () => {
    redis = openRedis(redisUrl());
    // Bundled here, under the hook's timeout: the one-off esbuild run is no part of the day the test waits for.
    await fleetNodeScript();
  });
  afterAll(async () => {
    await killAllFleetNodes();
    await closeRedis(redis);
    clients.destroy();
  });

  it('two schedulers and three workers terminate exactly one instance in each planned group, once', async () => {
    const fleet = await seedDefaultFleet(clients, {
      groups: [
        { name: 'web-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 1 },
        { name: 'api-prod', tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 1 },
        { name: 'db-prod', tags: { 'simian:all': 'disabled' }, instancesPerZone: 1 },
      ],
      loose: undefined,
      volumes: undefined,
      snapshots: 0,
    });
    const prefix = uniquePrefix('armed');
    const { configPath } = writeFleetConfig({
      redisUrl: redisUrl(),
      prefix,
      calendar: ALWAYS_OPEN_CALENDAR,
      fleet: { dailyPlanAt: '00:00' },
      extra: { armed: true, accounts: [{ id: MOTO_ACCOUNT }], endpointUrl: process.env.AWS_ENDPOINT_URL },
      schedules: [{ id: 'chaos-daily', monkey: 'chaos', armed: true, params: { meanTimeBetweenKillsDays: 1 } }],
    });
    const env = { FLEET_CONFIG: configPath, FLEET_REAL: '1', FLEET_WINDOW_MS: '3000' };
    await startFleet(env, { schedulers: 2, workers: 3 });

    const plan = await waitFor(() => readPlan(redis, prefix, dayOf(new Date(), 'UTC')), 'the day to be planned');
    expect(plan.map((kill) => kill.group).sort()).toEqual(['api-prod', 'web-prod']);
    const queue = openFleetQueue(globalConfigSchema.parse({ redis: { prefix } }), redis);
    try {
      await waitFor(async () => {
        const states = await Promise.all(plan.map(async (kill) => (await queue.getJob(kill.id))?.getState()));
        return states.every((state) => state === 'completed');
      }, 'every kill job to complete');
    } finally {
      await queue.close();
    }

    const seededIds = fleet.groups.flatMap((group) => group.instanceIds.map((id) => ({ id, group: group.name })));
    const described = await clients
      .ec2({ region: 'us-east-1' })
      .send(new DescribeInstancesCommand({ InstanceIds: seededIds.map((instance) => instance.id) }));
    const stateOf = new Map(
      (described.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i.State?.Name]),
    );
    const killed = seededIds.filter((instance) => /terminated|shutting-down/.test(stateOf.get(instance.id) ?? ''));
    expect(killed.map((instance) => instance.group).sort()).toEqual(['api-prod', 'web-prod']);
  });
});
