import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { globalConfigSchema } from '../../core/config/schema.js';
import { openFleetQueue } from '../../core/queue/fleet-queue.js';
import { JOB_NAMES } from '../../core/queue/jobs.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { MOTO_ACCOUNT } from '../accounts.js';
import { instanceStates, isGone } from './armed-faults.js';
import { startFaultProxy } from './fault-proxy.js';
import { startBuiltCli } from './processes.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';

const REGION = 'sa-east-1';
const ZONE = 'sa-east-1a';
const SCHEDULE = 'chaos-torture';

const until = async (check: () => Promise<boolean>, what: string, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/**
 * Real `simian worker` processes SIGKILLed mid-job, again and again, over armed Chaos planned runs (one group each)
 * through a slow proxy; then one worker left to finish. Every job completes (none lost), every opted-in instance is
 * terminated, and no instance gets a second TerminateInstances (no double action).
 */
export async function tortureWorkerKill(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const kills = context.quick ? 5 : 50;
  const groups = context.quick ? 6 : 30;
  const fleet = await seedFleet(context.clients, {
    region: REGION,
    zones: [ZONE],
    groups: Array.from({ length: groups }, (_, index) => ({
      name: `kill-${String(index).padStart(2, '0')}`,
      tags: { 'simian:chaos': 'enabled' },
      instancesPerZone: 1,
    })),
    snapshots: 0,
  });
  // Slow enough that a job (inventory, guards, re-read, terminate) takes a second or so: a kill lands mid-job.
  const proxy = await startFaultProxy(context.motoUrl, { latencyMs: 120 });
  const prefix = `torture-kill-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'simian-torture-kill-'));
  mkdirSync(join(dir, 'schedules'));
  const configPath = join(dir, 'simian.yaml');
  writeFileSync(
    configPath,
    stringify({
      armed: true,
      accounts: [{ id: MOTO_ACCOUNT }],
      regions: [REGION],
      redis: { url: context.redisUrl, prefix },
      endpointUrl: proxy.url,
      caps: { maxPerRun: 100, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: 100 },
      calendar: {
        timezone: 'UTC',
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        start: '00:00',
        end: '23:59',
      },
      fleet: {
        concurrency: 2,
        lockDuration: '2s',
        stalledInterval: '1s',
        maxStalledCount: 100,
        backoff: '200ms',
        shutdownGrace: '2s',
      },
    }),
  );
  writeFileSync(
    join(dir, 'schedules', 'chaos.yaml'),
    stringify({ schedules: [{ id: SCHEDULE, monkey: 'chaos', armed: true }] }),
  );
  const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: null });
  const queue = openFleetQueue(globalConfigSchema.parse({ redis: { prefix } }), redis);
  const day = new Date().toISOString().slice(0, 10);
  const started = performance.now();
  try {
    for (const [slot, group] of fleet.groups.entries()) {
      await queue.add(
        JOB_NAMES.plannedRun,
        {
          scheduleId: SCHEDULE,
          monkey: 'chaos',
          group: group.name,
          account: MOTO_ACCOUNT,
          region: REGION,
          day,
          slot,
          at: new Date().toISOString(),
        },
        { jobId: `kill-${group.name}` },
      );
    }
    let midJob = 0;
    for (let round = 0; round < kills; round += 1) {
      const worker = startBuiltCli(['worker', '-c', configPath], 'worker started');
      await worker.ready;
      const seen = proxy.figures.calls;
      // Killed once it is talking to AWS (mid-job), at a different point of the job each round.
      await until(async () => proxy.figures.calls > seen + (round % 4), 'the worker to call AWS', 30_000).catch(
        () => undefined,
      );
      if (proxy.figures.calls > seen) midJob += 1;
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    const survivor = startBuiltCli(['worker', '-c', configPath], 'worker started');
    await survivor.ready;
    await until(
      async () => (await queue.getJobCounts('completed')).completed === groups,
      'every job to complete',
      120_000,
    ).catch(() => undefined);
    survivor.child.kill('SIGTERM');
    await survivor.exited;
    const counts = await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
    losses.expect(
      counts.completed === groups,
      `${counts.completed} of ${groups} jobs completed (${JSON.stringify(counts)})`,
    );
    const states = await instanceStates(context.clients, REGION);
    const expected = fleet.groups.flatMap((group) => group.instanceIds);
    const missed = expected.filter((id) => !isGone(states.get(id)));
    losses.expect(missed.length === 0, `opted-in instances still running: ${missed.join(', ')}`);
    const doubles = [...proxy.figures.terminations].filter(([, count]) => count > 1);
    losses.expect(
      doubles.length === 0,
      `instances terminated twice: ${doubles.map(([id, n]) => `${id} ×${n}`).join(', ')}`,
    );
    return {
      scenario: 'SIGKILL workers',
      did: `${kills} real simian workers SIGKILLed (${midJob} while calling AWS) over ${groups} armed chaos jobs, +120 ms per call`,
      figures: `${counts.completed}/${groups} jobs completed, ${counts.failed} failed; ${proxy.figures.terminations.size} instances terminated, ${doubles.length} twice; ${proxy.figures.calls} AWS calls; ${((performance.now() - started) / 1000).toFixed(1)} s`,
      losses: losses.list,
    };
  } finally {
    await queue.close();
    redis.disconnect();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
