import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { AwsClients } from '../../../core/aws/clients.js';
import type { LoadedConfig } from '../../../core/config/load.js';
import type { PlannedRun } from '../../../core/queue/daily-plan.js';
import { runDailyPlan } from '../../../core/queue/daily-plan-job.js';
import { type FleetQueue, openFleetQueue } from '../../../core/queue/fleet-queue.js';
import { closeRedis, openRedis } from '../../../core/redis/connection.js';
import { dailyPlanning, type PipelineParts } from '../../../core/run/pipeline.js';
import { redisUrl, testClients, uniquePrefix } from '../../support/env.js';
import { testPipelineParts } from './pipeline-parts.js';

export interface PipelineFixture<Seeded> {
  readonly clients: AwsClients;
  readonly prefix: string;
  /** Set before the tests run (read them inside a test, not at the top of a describe). */
  readonly seeded: Seeded;
  readonly config: LoadedConfig;
  readonly redis: Redis;
  readonly queue: FleetQueue;
  /** The pipeline's parts over these peers (testPipelineParts). */
  parts(): PipelineParts;
  /** Plans `day` (default: the day of `now`) through the pipeline's own window and candidates, in UTC. */
  planDay(now: () => Date, day?: string): Promise<PlannedRun[]>;
}

/**
 * The peers of an in-process pipeline test, made before the tests of the describe it is called in and closed after
 * them: moto clients seeded by `seed`, the config `load` writes under a fresh prefix named for `name`, Redis and the
 * fleet queue.
 */
export function pipelineFixture<Seeded>(
  name: string,
  setup: { seed: (clients: AwsClients) => Promise<Seeded>; load: (prefix: string) => LoadedConfig },
): PipelineFixture<Seeded> {
  const clients = testClients();
  const prefix = uniquePrefix(name);
  let seeded: Seeded;
  let config: LoadedConfig;
  let redis: Redis;
  let queue: FleetQueue;

  beforeAll(async () => {
    seeded = await setup.seed(clients);
    config = setup.load(prefix);
    redis = openRedis(redisUrl());
    queue = openFleetQueue(config.global, redis);
  });
  afterAll(async () => {
    await queue.close();
    await closeRedis(redis);
    clients.destroy();
  });

  const parts = () => testPipelineParts(() => config, { clients, redis, queue });
  return {
    clients,
    prefix,
    get seeded() {
      return seeded;
    },
    get config() {
      return config;
    },
    get redis() {
      return redis;
    },
    get queue() {
      return queue;
    },
    parts,
    planDay(now, day) {
      const planning = dailyPlanning(parts());
      return runDailyPlan(
        {
          queue,
          redis,
          prefix,
          timezone: 'UTC',
          now,
          random: Math.random,
          monkeys: parts().monkeys,
          window: (planned) => planning.window(planned, config),
          candidates: (planned) => planning.candidates(planned, config),
        },
        day,
      );
    },
  };
}
