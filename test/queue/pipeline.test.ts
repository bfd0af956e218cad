import { DescribeInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import type { LoadedConfig } from '../../core/config/load.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { createLogger } from '../../core/log.js';
import { closeRedis, openRedis } from '../../core/queue/connection.js';
import { runDailyPlan } from '../../core/queue/daily-plan-job.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { dailyPlanning, pipelineRunner, registryRevertSource } from '../../core/queue/pipeline.js';
import { reconcileReverts } from '../../core/queue/revert-jobs.js';
import { startFleetWorker } from '../../core/queue/worker.js';
import { MOTO_ACCOUNT, redisUrl, testClients, uniquePrefix } from '../support/env.js';
import { seedDefaultFleet, seededGroup } from '../support/fleet.js';
import { loadAlwaysOpenConfig } from './support/always-open-config.js';
import { testPipelineParts } from './support/pipeline-parts.js';

describe('the fleet on the real pipeline (moto, Redis)', () => {
  const clients = testClients();
  let redis: Redis;
  let queue: FleetQueue;
  let config: LoadedConfig;
  let seeded: Awaited<ReturnType<typeof seedDefaultFleet>>;
  const prefix = uniquePrefix('pipeline');

  beforeAll(async () => {
    seeded = await seedDefaultFleet(clients, { loose: undefined, volumes: undefined, snapshots: 0 });
    config = loadAlwaysOpenConfig(prefix, { id: 'chaos-daily', params: { meanTimeBetweenKillsDays: 1 } });
    redis = openRedis(redisUrl());
    queue = openFleetQueue(config.global, redis);
  });
  afterAll(async () => {
    await queue.close();
    await closeRedis(redis);
    clients.destroy();
  });

  const parts = () => testPipelineParts(() => config, { clients, redis, queue });

  it('plans a kill for each group opted in to chaos (tags, canaries and opt-outs respected), and a kill job runs it', async () => {
    const planning = dailyPlanning(parts());
    const plan = await runDailyPlan({
      queue,
      redis,
      prefix,
      timezone: 'UTC',
      now: () => new Date(),
      random: Math.random,
      monkeys: parts().monkeys,
      window: (day) => planning.window(day, config),
      candidates: (day) => planning.candidates(day, config),
    });
    // web-prod has simian:all=enabled; the canary needs a rule naming it; db-prod is opted out; batch-dev untagged.
    expect(plan.map((kill) => kill.group)).toEqual(['web-prod']);

    const [kill] = plan;
    const runner = pipelineRunner(parts(), registryRevertSource(parts()));
    const report = await runner({
      scheduleId: kill?.scheduleId as string,
      monkey: 'chaos',
      group: kill?.group,
      account: kill?.account,
      region: kill?.region,
      jobId: kill?.id as string,
      attempt: 1,
    });
    // Not armed: the kill is planned and reported, nothing is terminated.
    expect(report.dryRun).toBe(true);
    expect(report.actions).toHaveLength(1);
    expect(report.actions[0]).toMatchObject({ kind: 'terminate-instance', group: 'web-prod', status: 'planned' });
  });

  it('a revert registered by the actuator and overdue is reconciled into a job and applied in AWS by a worker', async () => {
    const instance = seededGroup(seeded, 'batch-dev').instanceIds[0] as string;
    const ec2 = clients.ec2({ region: 'us-east-1' });
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instance] }));
    const registry = new RevertRegistry(redis, { prefix });
    const id = await registry.register(
      { kind: 'start-instance', resource: instance, account: MOTO_ACCOUNT, region: 'us-east-1', params: {} },
      new Date(Date.now() - 1000),
      { runId: 'stop-run', monkey: 'chaos', appliedKind: 'stop-instance', group: 'batch-dev', zone: null },
    );
    const reverts = registryRevertSource(parts());
    const worker = startFleetWorker({
      config: config.global,
      connection: redis,
      logger: createLogger({ pretty: false, level: 'silent' }),
      events: new MemoryEventSink(),
      run: async () => {
        throw new Error('no monkey job expected');
      },
      reverts,
      dailyPlan: {} as never,
    });
    try {
      expect(await reconcileReverts(queue, reverts, new Date())).toBe(1);
      const deadline = Date.now() + 20_000;
      while ((await registry.get(id))?.status !== 'done' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await registry.get(id))?.status).toBe('done');
      const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance] }));
      expect(described.Reservations?.[0]?.Instances?.[0]?.State?.Name).toMatch(/^(pending|running)$/);
    } finally {
      await worker.close(2000);
    }
  });
});
