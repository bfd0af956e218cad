import { afterAll, describe, it } from 'vitest';
import { startRedisCluster, startRedisSentinel } from '../../core/sandbox/redis-topologies.js';
import { uniquePrefix } from '../support/env.js';
import { fleetRunsDryRunJob, oneShotOnUnreachable } from './support/distributed-fleet.js';
import { killAllFleetNodes } from './support/fleet-processes.js';

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await killAllFleetNodes();
  for (const stop of stops.reverse()) await stop();
});

describe('the fleet on a 3-master Redis Cluster', () => {
  it('a real scheduler and worker sync the schedules and run a dry-run chaos job to completion', () =>
    fleetRunsDryRunJob(async () => {
      const cluster = await startRedisCluster();
      return { redis: { cluster: [...cluster.nodes], prefix: `{${uniquePrefix('cluster')}}` }, stop: cluster.stop };
    }, stops));

  it('simian killswitch status on a cluster nobody answers at: exit 1, one sentence', () =>
    oneShotOnUnreachable((port) => ({ cluster: [`127.0.0.1:${port}`], prefix: '{simian}' }), 'the Redis Cluster at'));
});

describe('the fleet on a Sentinel-monitored primary and replica', () => {
  it('a real scheduler and worker sync the schedules and run a dry-run chaos job to completion', () =>
    fleetRunsDryRunJob(async () => {
      const sentinel = await startRedisSentinel({ name: 'simian-primary' });
      const redis = {
        sentinels: [...sentinel.sentinels],
        sentinelName: sentinel.name,
        prefix: uniquePrefix('sentinel'),
      };
      return { redis, stop: sentinel.stop };
    }, stops));

  it('simian killswitch status on sentinels nobody answers at: exit 1, one sentence', () =>
    oneShotOnUnreachable(
      (port) => ({ sentinels: [`127.0.0.1:${port}`] }),
      'the Redis primary "mymaster" via sentinels',
    ));
});
