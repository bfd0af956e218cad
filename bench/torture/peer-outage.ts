import type { RedisConfig } from '../../core/config/redis-schema.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';
import { allCompleted, armedChaosJobs, stopWorkers, twoWorkers, untilFirstTermination } from './worker-kill.js';

const RECOVERY_LIMIT_MS = 10_000;

/** One Redis outage the fleet must ride out: how to cause it, and how the scenario names it. */
export interface PeerOutage {
  readonly scenario: string;
  readonly did: (groups: number) => string;
  /** What the outage is, as in "a worker died with …", "… after the …". */
  readonly what: string;
  readonly region: string;
  readonly redisUrl: string;
  readonly topology?: Partial<Pick<RedisConfig, 'cluster' | 'sentinels' | 'sentinelName'>>;
  readonly fleet?: Record<string, unknown>;
  /** Causes the outage; resolves when the peer is meant to be back (recovery is timed from then). */
  readonly cause: () => Promise<void>;
}

/**
 * Two real workers on armed Chaos jobs; after the first termination the outage is caused. Recovered once a job
 * completes again (that needs Redis back): within 10 s; then every job completes, no worker died and no instance is
 * terminated twice.
 */
export async function peerOutage(context: TortureContext, outage: PeerOutage): Promise<ScenarioResult> {
  const losses = new Losses();
  const jobs = await armedChaosJobs(context, {
    region: outage.region,
    groups: context.quick ? 6 : 20,
    redisUrl: outage.redisUrl,
    latencyMs: 150,
    ...(outage.topology ? { topology: outage.topology } : {}),
    ...(outage.fleet ? { fleet: outage.fleet } : {}),
  });
  const workers = twoWorkers(jobs);
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    await untilFirstTermination(jobs);
    await outage.cause();
    const back = Date.now();
    // Recovered once a job finishes after the peer is back (a count could move on a completion from before).
    const finishedSince = async () =>
      (await jobs.queue.getJobs(['completed'], 0, -1)).some((job) => (job.finishedOn ?? 0) >= back);
    const allDoneBefore = async () => (await jobs.queue.getJobCounts('completed')).completed === jobs.groups;
    while (!(await finishedSince()) && !(await allDoneBefore()) && Date.now() < back + 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const recoveryMs = Date.now() - back;
    losses.expect(
      recoveryMs < RECOVERY_LIMIT_MS,
      `the workers took ${recoveryMs} ms to work again after the ${outage.what}`,
    );
    await allCompleted(jobs, 90_000);
    const { completed: done, doubles } = await jobs.check(losses);
    losses.expect(
      workers.every((worker) => worker.child.exitCode === null),
      `a worker died with the ${outage.what}`,
    );
    return {
      scenario: outage.scenario,
      did: outage.did(jobs.groups),
      figures: `recovery ${(recoveryMs / 1000).toFixed(1)} s (limit ${RECOVERY_LIMIT_MS / 1000} s); ${done}/${jobs.groups} jobs completed; ${doubles} terminated twice`,
      losses: losses.list,
    };
  } finally {
    await stopWorkers(workers);
    await jobs.close();
  }
}
