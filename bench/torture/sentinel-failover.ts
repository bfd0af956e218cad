import { startRedisSentinel } from '../../core/sandbox/redis-topologies.js';
import { peerOutage } from './peer-outage.js';
import type { ScenarioResult, TortureContext } from './scenario.js';

/**
 * Two real workers on armed Chaos jobs on a Sentinel-monitored primary and replica; after the first termination the
 * sentinel is told to fail over (SENTINEL FAILOVER). The workers follow the new primary: a job completes again within
 * 10 s of the failover, every job completes and no instance is terminated twice.
 */
export async function tortureSentinelFailover(context: TortureContext): Promise<ScenarioResult> {
  const sentinel = await startRedisSentinel({ name: 'simian-torture' });
  try {
    return await peerOutage(context, {
      scenario: 'Sentinel failover',
      did: (groups) =>
        `2 real workers on ${groups} armed chaos jobs on a primary + replica; SENTINEL FAILOVER after the first termination`,
      what: 'failover',
      region: 'eu-west-3',
      redisUrl: context.redisUrl,
      topology: { sentinels: [...sentinel.sentinels], sentinelName: sentinel.name },
      // The job lock must outlast the failover (as the default 30 s does): a lock that expires while its worker
      // waits for the new primary hands the running job to a second worker (which then waits for the run's lease).
      fleet: { lockDuration: '10s' },
      cause: () => sentinel.failover(),
    });
  } finally {
    await sentinel.stop();
  }
}
