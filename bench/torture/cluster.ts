import { startRedisCluster } from '../../core/sandbox/redis-topologies.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';
import { allCompleted, armedChaosJobs, stopWorkers, twoWorkers, untilFirstTermination } from './worker-kill.js';

/**
 * Two real workers on armed Chaos jobs on a 3-master Redis Cluster (hash-tagged prefix: one slot); one worker is
 * SIGKILLed mid-run. Every job completes and no instance is terminated twice.
 */
export async function tortureCluster(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const cluster = await startRedisCluster({ masters: 3 });
  const jobs = await armedChaosJobs(context, {
    region: 'ca-central-1',
    groups: context.quick ? 6 : 20,
    redisUrl: context.redisUrl,
    topology: { cluster: [...cluster.nodes] },
    latencyMs: 100,
  });
  const workers = twoWorkers(jobs);
  const started = performance.now();
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    await untilFirstTermination(jobs);
    workers[0]?.child.kill('SIGKILL');
    await allCompleted(jobs, 90_000);
    const { completed, failed, doubles } = await jobs.check(losses);
    losses.expect(workers[1]?.child.exitCode === null, 'the surviving worker died');
    return {
      scenario: 'Redis Cluster (3 masters)',
      did: `2 real workers on ${jobs.groups} armed chaos jobs on a 3-master cluster; one SIGKILLed after the first termination`,
      figures: `${completed}/${jobs.groups} jobs completed, ${failed} failed; ${doubles} terminated twice; ${((performance.now() - started) / 1000).toFixed(1)} s of work`,
      losses: losses.list,
    };
  } finally {
    await stopWorkers(workers);
    await jobs.close();
    await cluster.stop();
  }
}
