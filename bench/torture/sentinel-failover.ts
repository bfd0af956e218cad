import { startRedisSentinel } from '../../core/sandbox/redis-topologies.js';
import { startBuiltCli } from './processes.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';
import { allCompleted, armedChaosJobs } from './worker-kill.js';

const RECOVERY_LIMIT_MS = 10_000;

/**
 * Two real workers on armed Chaos jobs on a Sentinel-monitored primary and replica; after the first termination the
 * sentinel is told to fail over (SENTINEL FAILOVER). The workers follow the new primary: a job completes again within
 * 10 s of the failover, every job completes and no instance is terminated twice.
 */
export async function tortureSentinelFailover(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const sentinel = await startRedisSentinel({ name: 'simian-torture' });
  const jobs = await armedChaosJobs(context, {
    region: 'eu-west-3',
    groups: context.quick ? 6 : 20,
    redisUrl: context.redisUrl,
    topology: { sentinels: [...sentinel.sentinels], sentinelName: sentinel.name },
    latencyMs: 150,
    // The job lock must outlast the failover (as the default 30 s does): a lock that expires while its worker waits
    // for the new primary hands the running job to a second worker, and both act.
    fleet: { lockDuration: '10s' },
  });
  const workers = [0, 1].map(() => startBuiltCli(['worker', '-c', jobs.configPath], 'worker started'));
  let recoveryMs = Number.NaN;
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    const deadline = Date.now() + 60_000;
    while (jobs.proxy.figures.terminations.size === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const completed = async () => (await jobs.queue.getJobCounts('completed')).completed ?? 0;
    const before = await completed();
    const failedOver = Date.now();
    await sentinel.failover();
    // Recovered once a job completes again: that needs the new primary, found through the sentinels.
    while (before < jobs.groups && (await completed()) === before && Date.now() < failedOver + 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    recoveryMs = Date.now() - failedOver;
    losses.expect(recoveryMs < RECOVERY_LIMIT_MS, `the workers took ${recoveryMs} ms to work again after the failover`);
    await allCompleted(jobs, 90_000);
    const { completed: done, doubles } = await jobs.check(losses);
    losses.expect(
      workers.every((worker) => worker.child.exitCode === null),
      'a worker died with the failover',
    );
    return {
      scenario: 'Sentinel failover',
      did: `2 real workers on ${jobs.groups} armed chaos jobs on a primary + replica; SENTINEL FAILOVER after the first termination`,
      figures: `recovery ${(recoveryMs / 1000).toFixed(1)} s (limit ${RECOVERY_LIMIT_MS / 1000} s); ${done}/${jobs.groups} jobs completed; ${doubles} terminated twice`,
      losses: losses.list,
    };
  } finally {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await jobs.close();
    await sentinel.stop();
  }
}
