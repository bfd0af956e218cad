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
      // A job whose lock the failover lost is handed to another worker once the lock expires: recovery takes about
      // one lock duration. A second delivery waits for the first attempt's run lease, so a short lock never means two
      // workers act on one run.
      fleet: { lockDuration: '4s' },
      cause: () => sentinel.failover(),
    });
  } finally {
    await sentinel.stop();
  }
}
