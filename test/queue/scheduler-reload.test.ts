import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { globalConfigSchema } from '../../core/config/schema.js';
import { openFleetQueue } from '../../core/queue/fleet-queue.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { redisUrl, uniquePrefix } from '../support/env.js';
import { waitFor } from '../support/wait-for.js';
import {
  killAllFleetNodes,
  spawnFleetNode,
  startFleet,
  writeFleetConfig,
  writeSchedules,
} from './support/fleet-processes.js';

describe('scheduler processes and YAML changes', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = openRedis(redisUrl());
  });
  afterEach(killAllFleetNodes);
  afterAll(() => closeRedis(redis));

  it('two schedulers make one schedule per entry; an entry removed or changed in the YAML follows without restart', async () => {
    const prefix = uniquePrefix('reload');
    const { dir, configPath } = writeFleetConfig({
      redisUrl: redisUrl(),
      prefix,
      schedules: [
        { id: 'gorilla-weekly', monkey: 'gorilla', cron: '0 10 * * 2' },
        { id: 'kong-monthly', monkey: 'kong', cron: '0 11 1 * *' },
      ],
    });
    const queue = openFleetQueue(globalConfigSchema.parse({ redis: { prefix } }), redis);
    const schedulers = async () => (await queue.getJobSchedulers(0, -1)).map((s) => `${s.key} ${s.pattern}`).sort();
    try {
      const nodes = await startFleet({ FLEET_CONFIG: configPath }, { schedulers: 2 });
      expect(await schedulers()).toEqual(['gorilla-weekly 0 10 * * 2', 'kong-monthly 0 11 1 * *']);

      // A file change is picked up by the watchers (debounced); SIGHUP makes it certain on every platform.
      writeSchedules(dir, [{ id: 'gorilla-weekly', monkey: 'gorilla', cron: '30 14 * * 4' }]);
      for (const node of nodes) node.child.kill('SIGHUP');
      await waitFor(
        async () => (await schedulers()).join() === 'gorilla-weekly 30 14 * * 4',
        'the schedulers to follow the YAML',
      );

      // A broken file keeps the schedules in force and says why.
      writeFileSync(join(dir, 'schedules', 'fleet.yaml'), 'schedules:\n  - id: broken\n    monkey: nope\n');
      for (const node of nodes) node.child.kill('SIGHUP');
      await waitFor(
        async () => nodes.every((node) => node.output().includes('the previous schedules stay in force')),
        'both schedulers to report the bad file',
      );
      expect(await schedulers()).toEqual(['gorilla-weekly 30 14 * * 4']);
      expect(nodes.every((node) => node.child.exitCode === null)).toBe(true);
    } finally {
      await queue.close();
    }
  });

  it('an edited schedules file is picked up by the file watcher alone', async () => {
    const prefix = uniquePrefix('watch');
    const { dir, configPath } = writeFleetConfig({
      redisUrl: redisUrl(),
      prefix,
      schedules: [{ id: 'gorilla-hourly', monkey: 'gorilla', every: '1h' }],
    });
    const queue = openFleetQueue(globalConfigSchema.parse({ redis: { prefix } }), redis);
    try {
      const node = await spawnFleetNode('scheduler', { FLEET_CONFIG: configPath });
      await node.ready;
      expect((await queue.getJobSchedulers(0, -1)).map((s) => s.key)).toEqual(['gorilla-hourly']);
      writeSchedules(dir, [{ id: 'kong-daily', monkey: 'kong', cron: '0 6 * * *' }]);
      await waitFor(
        async () => (await queue.getJobSchedulers(0, -1)).map((s) => s.key).join() === 'kong-daily',
        'the watcher to reload the schedules',
      );
    } finally {
      await queue.close();
    }
  });
});
