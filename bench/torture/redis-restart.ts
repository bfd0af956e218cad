import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis } from '../../core/sandbox/peers.js';
import { startBuiltCli } from './processes.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';
import { allCompleted, armedChaosJobs } from './worker-kill.js';

const RECOVERY_LIMIT_MS = 10_000;

/**
 * Two real workers on armed Chaos jobs; their Redis (append-only file) is stopped after the first termination and
 * started again on the same port. The workers reconnect on their own: a job completes again within 10 s of Redis being
 * back, every job completes and no instance is terminated twice.
 */
export async function tortureRedisRestart(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const dir = mkdtempSync(join(tmpdir(), 'simian-torture-aof-'));
  let peer = await startRedis({ dir, appendonly: true });
  const port = peer.port;
  const jobs = await armedChaosJobs(context, {
    region: 'ap-northeast-2',
    groups: context.quick ? 6 : 20,
    redisUrl: peer.url,
    latencyMs: 150,
  });
  const workers = [0, 1].map(() => startBuiltCli(['worker', '-c', jobs.configPath], 'worker started'));
  let recoveryMs = Number.NaN;
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    const deadline = Date.now() + 60_000;
    while (jobs.proxy.figures.terminations.size === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await peer.stop();
    peer = await startRedis({ dir, appendonly: true, port });
    const back = Date.now();
    // Recovered once a job completes again (that needs Redis): the restarted server answers, the workers reconnected.
    const completed = async () => (await jobs.queue.getJobCounts('completed')).completed ?? 0;
    const before = await completed();
    while (before < jobs.groups && (await completed()) === before && Date.now() < back + 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    recoveryMs = Date.now() - back;
    losses.expect(recoveryMs < RECOVERY_LIMIT_MS, `the workers took ${recoveryMs} ms to work again after the restart`);
    await allCompleted(jobs, 90_000);
    const { completed: done, doubles } = await jobs.check(losses);
    losses.expect(
      workers.every((worker) => worker.child.exitCode === null),
      'a worker died with Redis',
    );
    return {
      scenario: 'Redis restart (AOF)',
      did: `2 real workers on ${jobs.groups} armed chaos jobs; Redis stopped after the first termination, restarted on its port`,
      figures: `recovery ${(recoveryMs / 1000).toFixed(1)} s (limit ${RECOVERY_LIMIT_MS / 1000} s); ${done}/${jobs.groups} jobs completed; ${doubles} terminated twice`,
      losses: losses.list,
    };
  } finally {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await jobs.close();
    await peer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
