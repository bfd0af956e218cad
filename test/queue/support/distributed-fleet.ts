import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import type { RedisConfig } from '../../../core/config/redis-schema.js';
import { globalConfigSchema } from '../../../core/config/schema.js';
import { openFleetQueue } from '../../../core/queue/fleet-queue.js';
import { JOB_NAMES } from '../../../core/queue/jobs.js';
import { DAILY_PLAN_SCHEDULER } from '../../../core/queue/schedulers.js';
import { closeRedis, openRedis } from '../../../core/redis/connection.js';
import { ALWAYS_OPEN_CALENDAR } from '../../../core/sandbox/always-open-calendar.js';
import { freePort } from '../../../core/sandbox/peers.js';
import { seedFleet } from '../../../core/sandbox/seed.js';
import { MOTO_ACCOUNT, testClients, uniquePrefix } from '../../support/env.js';
import { waitFor } from '../../support/wait-for.js';
import { simianScript, spawnSimian } from './fleet-processes.js';

const run = promisify(execFile);
const REGION = 'eu-north-1';

/** simian.yaml for one topology: dry run (not armed), a day that is always open, the test moto. */
export function writeConfig(redis: Partial<RedisConfig>): string {
  const dir = mkdtempSync(join(tmpdir(), 'simian-distributed-'));
  mkdirSync(join(dir, 'schedules'));
  writeFileSync(
    join(dir, 'simian.yaml'),
    stringify({
      redis,
      endpointUrl: process.env.AWS_ENDPOINT_URL,
      accounts: [{ id: MOTO_ACCOUNT }],
      regions: [REGION],
      calendar: ALWAYS_OPEN_CALENDAR,
      fleet: { lockDuration: '2s', stalledInterval: '1s', backoff: '200ms', shutdownGrace: '2s' },
    }),
  );
  writeFileSync(
    join(dir, 'schedules', 'chaos.yaml'),
    stringify({ schedules: [{ id: 'chaos-daily', monkey: 'chaos', params: { meanTimeBetweenKillsDays: 1 } }] }),
  );
  return join(dir, 'simian.yaml');
}

/** A topology started for one test: its config `redis` section and how to stop it. */
export interface StartedTopology {
  readonly redis: Partial<RedisConfig>;
  stop(): Promise<void>;
}

/**
 * A real `simian scheduler` and `simian worker` on the topology: the scheduler syncs the schedules, the worker runs a
 * dry-run chaos planned run to completion. `stops` collects what the caller's afterAll must stop.
 */
export async function fleetRunsDryRunJob(
  start: () => Promise<StartedTopology>,
  stops: (() => Promise<void>)[],
): Promise<void> {
  const [peer, fleet] = await Promise.all([
    start(),
    seedFleet(testClients(), {
      region: REGION,
      zones: [`${REGION}a`],
      groups: [{ name: uniquePrefix('web'), tags: { 'simian:chaos': 'enabled' }, instancesPerZone: 2 }],
      snapshots: 0,
    }),
  ]);
  stops.push(peer.stop);
  const configPath = writeConfig(peer.redis);
  const [scheduler, worker] = await Promise.all([
    spawnSimian(['scheduler', '-c', configPath], 'schedules synced'),
    spawnSimian(['worker', '-c', configPath], 'worker started'),
  ]);
  await Promise.all([scheduler.ready, worker.ready]);

  const redis = openRedis(globalConfigSchema.parse({ redis: peer.redis }).redis);
  stops.push(() => closeRedis(redis));
  const queue = openFleetQueue(globalConfigSchema.parse({ redis: peer.redis }), redis);
  stops.push(() => queue.close());
  expect((await queue.getJobSchedulers(0, -1)).map((entry) => entry.key)).toContain(DAILY_PLAN_SCHEDULER);

  const group = fleet.groups[0]?.name as string;
  const day = new Date().toISOString().slice(0, 10);
  const job = await queue.add(
    JOB_NAMES.plannedRun,
    {
      scheduleId: 'chaos-daily',
      monkey: 'chaos',
      group,
      account: MOTO_ACCOUNT,
      region: REGION,
      day,
      slot: 0,
      at: new Date().toISOString(),
    },
    { jobId: `distributed-${group}` },
  );
  const done = await waitFor(
    async () => ((await job.isCompleted()) ? queue.getJob(job.id as string) : undefined),
    'the job to complete',
    { timeoutMs: 30_000 },
  );
  // Dry run: the kill is considered, nothing is done, nothing fails.
  expect(done?.returnvalue).toMatchObject({ done: 0, failed: 0 });
  expect(scheduler.child.exitCode).toBeNull();
  expect(worker.child.exitCode).toBeNull();
}

/** `simian killswitch status` on a topology nobody answers at: exit 1 and one sentence naming it. */
export async function oneShotOnUnreachable(redis: (port: number) => Partial<RedisConfig>, says: string): Promise<void> {
  const configPath = writeConfig(redis(await freePort()));
  const failed = await run(process.execPath, [await simianScript(), 'killswitch', 'status', '-c', configPath]).catch(
    (error: { code: number; stderr: string }) => error,
  );
  expect('code' in failed && failed.code).toBe(1);
  const lines = (failed as { stderr: string }).stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`cannot reach ${says}`);
}
