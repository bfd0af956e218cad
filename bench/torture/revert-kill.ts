import { JOB_NAMES } from '../../core/queue/jobs.js';
import { startBuiltCli } from './processes.js';
import { allReverted, checkStopReverts, completedPlannedRuns, openReverts } from './revert-checks.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';
import { armedChaosJobs, type ChaosJobs } from './worker-kill.js';

const until = async (check: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
};

/**
 * Runs every delayed revert job now, as its deadline would (BullMQ moves a due delayed job to the wait list the same
 * way): the shortest fault lasts a minute, too long to wait for in the suite. Returns a stop function.
 */
function promoteReverts(jobs: ChaosJobs): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const job of await jobs.queue.getJobs(['delayed'], 0, -1)) {
        if (job.name === JOB_NAMES.revert) await job.promote().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

const total = (map: ReadonlyMap<string, number>) => [...map.values()].reduce((sum, count) => sum + count, 0);

/**
 * Real `simian worker` processes SIGKILLed again and again over armed Chaos stop faults (reversible: each registers a
 * start-instance revert with a deadline), through a slow proxy; the reverts' deadlines are brought forward so the
 * kills land both mid-fault and mid-revert. Then one worker finishes. Every job completes, every revert is applied
 * and recorded done once, every instance runs again, and none is stopped twice.
 */
export async function tortureRevertKill(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const kills = context.quick ? 5 : 50;
  const jobs = await armedChaosJobs(context, {
    region: 'eu-north-1',
    groups: context.quick ? 5 : 30,
    redisUrl: context.redisUrl,
    latencyMs: 120,
    params: { fault: 'stop', duration: '1m' },
  });
  const stopPromoting = promoteReverts(jobs);
  const started = performance.now();
  try {
    let midJob = 0;
    let midRevert = 0;
    const starts = () => total(jobs.proxy.figures.instanceCalls.StartInstances);
    for (let round = 0; round < kills; round += 1) {
      const worker = startBuiltCli(['worker', '-c', jobs.configPath], 'worker started');
      await worker.ready;
      const seenCalls = jobs.proxy.figures.calls;
      const seenStarts = starts();
      // Once every job and revert is done a worker has nothing to call AWS for: it is killed idle. Else odd rounds:
      // killed right after a revert's StartInstances went out (before it is recorded done), when one comes; even
      // rounds, and odd ones without a revert to run: once it is talking to AWS, at a varying point.
      const idle = (await openReverts(jobs)) === 0 && (await completedPlannedRuns(jobs)) === jobs.groups;
      if (!idle && round % 2 === 1) await until(() => starts() > seenStarts, 3000);
      if (starts() > seenStarts) midRevert += 1;
      else {
        await until(() => jobs.proxy.figures.calls > seenCalls + (round % 4), idle ? 0 : 30_000);
        if (jobs.proxy.figures.calls > seenCalls) midJob += 1;
      }
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    const survivor = startBuiltCli(['worker', '-c', jobs.configPath], 'worker started');
    await survivor.ready;
    await allReverted(jobs, context.quick ? 30_000 : 90_000);
    survivor.child.kill('SIGTERM');
    await survivor.exited;
    const figures = await checkStopReverts(context, jobs, losses);
    return {
      scenario: 'SIGKILL workers, reverts',
      did: `${kills} real simian workers SIGKILLed (${midJob} while calling AWS, ${midRevert} right after a revert's call, the rest idle) over ${jobs.groups} armed chaos stop faults (1m, deadlines brought forward), +120 ms per call`,
      figures: `${figures.plannedRuns}/${jobs.groups} jobs completed; ${figures.applied}/${figures.registered} reverts applied, ${figures.doubleReverts} twice; ${figures.doubleStops} instances stopped twice; ${figures.resent} StartInstances re-sent; ${((performance.now() - started) / 1000).toFixed(1)} s`,
      losses: losses.list,
    };
  } finally {
    await stopPromoting();
    await jobs.close();
  }
}
