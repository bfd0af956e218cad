import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../core/config/load.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { pipelineRunner, registryRevertSource } from '../../core/run/pipeline.js';
import '../support/per-file.js';
import { loadAlwaysOpenConfig } from '../queue/support/always-open-config.js';
import { testPipelineParts } from '../queue/support/pipeline-parts.js';
import { redisUrl, testClients, uniquePrefix } from '../support/env.js';
import { type Receiver, startReceiver } from '../support/receiver.js';
import { testGateway } from './harness.js';

describe('a refused scheduled run is an alert', () => {
  const clients = testClients();
  let redis: Redis;
  let queue: FleetQueue;
  let config: LoadedConfig;
  let webhook: Receiver;

  beforeAll(async () => {
    webhook = await startReceiver();
    const loaded = loadAlwaysOpenConfig(uniquePrefix('refusal'), { id: 'chaos-daily' });
    // A stop condition naming an alarm that does not exist refuses every run.
    config = { ...loaded, global: { ...loaded.global, stopConditions: { alarms: [{ name: 'no-such-alarm' }] } } };
    redis = openRedis(redisUrl());
    queue = openFleetQueue(config.global, redis);
  });
  afterAll(async () => {
    await webhook.close();
    await queue.close();
    await closeRedis(redis);
    clients.destroy();
  });

  it('a stop condition refusing the run: one warning alert per schedule and guard, the report unchanged', async () => {
    const { gateway } = testGateway(redis, { webhooks: [{ url: webhook.url }] });
    const parts = { ...testPipelineParts(() => config, { clients, redis, queue }), alerts: gateway };
    const run = pipelineRunner(parts, registryRevertSource(parts));
    const request = { scheduleId: 'chaos-daily', monkey: 'chaos', jobId: 'job-1', attempt: 1 };
    const first = await run(request);
    const second = await run({ ...request, jobId: 'job-2' });
    expect(first.refused?.guard).toBe('stop-condition');
    expect(second.refused?.guard).toBe('stop-condition');
    await gateway.flush();
    expect(webhook.received).toHaveLength(1);
    expect(webhook.received[0]?.json()).toMatchObject({
      severity: 'warning',
      monkey: 'chaos',
      cluster: 'chaos-daily',
      incident_key: 'refused:chaos-daily:stop-condition',
    });
  });
});
