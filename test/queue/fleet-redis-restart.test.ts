import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { globalConfigSchema } from '../../core/config/schema.js';
import { dayOf } from '../../core/queue/daily-plan-job.js';
import { openFleetQueue } from '../../core/queue/fleet-queue.js';
import { readPlan } from '../../core/queue/plan-store.js';
import { DAILY_PLAN_SCHEDULER } from '../../core/queue/schedulers.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { type Peer, startRedis } from '../../core/sandbox/peers.js';
import { uniquePrefix } from '../support/env.js';
import { waitFor } from '../support/wait-for.js';
import { killAllFleetNodes, startFleet, writeFleetConfig } from './support/fleet-processes.js';

describe('Redis restarted mid-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simian-aof-'));
  let peer: Peer | undefined;
  let redis: Redis | undefined;
  afterEach(killAllFleetNodes);
  afterAll(async () => {
    if (redis) await closeRedis(redis);
    await peer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the fleet reconnects and finishes the plan: no duplicate kill, no lost schedule', async () => {
    peer = await startRedis({ dir, appendonly: true });
    const port = peer.port;
    redis = openRedis(peer.url);
    const prefix = uniquePrefix('restart');
    const { configPath } = writeFleetConfig({
      redisUrl: peer.url,
      prefix,
      calendar: { timezone: 'UTC' },
      fleet: { dailyPlanAt: '00:00' },
      schedules: [{ id: 'chaos-daily', monkey: 'chaos', params: { killsPerDay: 2 } }],
    });
    const env = { FLEET_CONFIG: configPath, FLEET_GROUPS: 'web,api,db', FLEET_WINDOW_MS: '8000' };
    const nodes = await startFleet(env, { schedulers: 1, workers: 2 });
    const plan = await waitFor(() => readPlan(redis as Redis, prefix, dayOf(new Date(), 'UTC')), 'the plan');
    expect(plan).toHaveLength(6);

    await peer.stop();
    peer = await startRedis({ dir, appendonly: true, port });

    const applied = await waitFor(async () => {
      const list = await (redis as Redis).lrange(`${prefix}:test:applied`, 0, -1);
      return list.length >= 6 ? list : undefined;
    }, 'every planned kill after the restart');
    expect([...applied].sort()).toEqual(plan.map((kill) => kill.id).sort());
    const queue = openFleetQueue(globalConfigSchema.parse({ redis: { prefix } }), redis);
    expect((await queue.getJobSchedulers(0, -1)).map((scheduler) => scheduler.key)).toEqual([DAILY_PLAN_SCHEDULER]);
    await queue.close();
    expect(nodes.every((node) => node.child.exitCode === null)).toBe(true);
  });
});
