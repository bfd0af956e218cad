import { type DefaultJobOptions, Queue } from 'bullmq';
import type { GlobalConfig } from '../config/schema.js';
import type { RedisClient } from '../redis/connection.js';
import type { FleetJobData } from './jobs.js';

const DAY_SECONDS = 86_400;

export type FleetQueue = Queue<FleetJobData>;

/** Retries with backoff; completed jobs are kept a week so a re-enqueued deterministic id stays a no-op. */
export function defaultJobOptions(fleet: GlobalConfig['fleet']): DefaultJobOptions {
  return {
    attempts: fleet.attempts,
    backoff: { type: 'exponential', delay: fleet.backoff },
    removeOnComplete: { age: 8 * DAY_SECONDS },
    removeOnFail: { age: 30 * DAY_SECONDS },
  };
}

/** The one fleet queue (name and key prefix from config) every scheduler and worker shares. */
export function openFleetQueue(config: Pick<GlobalConfig, 'fleet' | 'redis'>, connection: RedisClient): FleetQueue {
  return new Queue<FleetJobData>(config.fleet.queue, {
    connection,
    prefix: config.redis.prefix,
    defaultJobOptions: defaultJobOptions(config.fleet),
  });
}
