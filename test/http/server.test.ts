import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/load.js';
import { globalConfigSchema } from '../../core/config/schema.js';
import { FleetMetrics } from '../../core/http/metrics.js';
import { type HttpServer, startHttpServer } from '../../core/http/server.js';
import { createLogger } from '../../core/log.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { JOB_NAMES } from '../../core/queue/jobs.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { freePort } from '../../core/sandbox/peers.js';
import { redisUrl, uniquePrefix } from '../support/env.js';
import { capturedLogger } from '../support/log-capture.js';

const TOKEN = 'a-very-secret-bearer-token';
const logger = createLogger({ pretty: false, level: 'silent' });

describe('HTTP server', () => {
  let redis: Redis;
  let queue: FleetQueue;
  let server: HttpServer;
  let metrics: FleetMetrics;
  const prefix = uniquePrefix('http');

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simian-http-'));
    const configPath = join(dir, 'simian.yaml');
    writeFileSync(configPath, `redis:\n  prefix: ${prefix}\nhttp:\n  token: ${TOKEN}\nregions: [eu-west-1]\n`);
    const config = loadConfig({ configPath, env: { SIMIAN_CAPS_MAX_PER_RUN: '3' } });
    redis = openRedis(redisUrl());
    queue = openFleetQueue(globalConfigSchema.parse({ redis: { prefix } }), redis);
    metrics = new FleetMetrics({ queue, redis });
    server = await startHttpServer({ host: '127.0.0.1', port: 0, config: () => config, redis, metrics, logger });
  });
  afterAll(async () => {
    await server.close();
    await queue.close();
    await closeRedis(redis);
  });

  it('logs the address it listens on in the clear (secrets stay redacted, this is not one)', async () => {
    const { logger: captured, lines } = capturedLogger();
    const config = loadConfig({ configPath: undefined, cwd: mkdtempSync(join(tmpdir(), 'simian-http-')), env: {} });
    const listening = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      config: () => config,
      redis,
      metrics: new FleetMetrics(),
      logger: captured,
    });
    await listening.close();
    const line = lines.find((text) => text.includes('HTTP server listening'));
    expect(line).toContain(`"address":"${listening.url}"`);
    expect(line).not.toContain('[redacted]');
  });

  it('GET /healthcheck answers 200 when Redis answers', async () => {
    const response = await fetch(`${server.url}/healthcheck`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /healthcheck answers 503 with the reason when Redis is unreachable', async () => {
    const deadRedis = openRedis(`redis://127.0.0.1:${await freePort()}`);
    const config = loadConfig({ configPath: undefined, cwd: mkdtempSync(join(tmpdir(), 'simian-http-')), env: {} });
    const lonely = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      config: () => config,
      redis: deadRedis,
      metrics: new FleetMetrics(),
      logger,
    });
    try {
      const response = await fetch(`${lonely.url}/healthcheck`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; reason: string };
      expect(body.status).toBe('unavailable');
      expect(body.reason).toMatch(/^Redis unreachable/);
    } finally {
      await lonely.close();
      await closeRedis(deadRedis);
    }
  });

  it('GET /status lists every config key with its source and update time, secrets redacted', async () => {
    const response = await fetch(`${server.url}/status`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    const status = JSON.parse(text) as {
      version: string;
      region: string;
      config: { key: string; value: unknown; source: string; origin: string | null; updatedAt: string }[];
    };
    expect(status.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(status.region).toBe('eu-west-1');
    const byKey = new Map(status.config.map((entry) => [entry.key, entry]));
    expect(byKey.get('http.token')).toMatchObject({ value: '[redacted]', source: 'file' });
    expect(byKey.get('regions')).toMatchObject({ value: ['eu-west-1'], source: 'file' });
    expect(byKey.get('regions')?.origin).toMatch(/simian\.yaml:\d+$/);
    expect(byKey.get('caps.maxPerRun')).toMatchObject({ value: 3, source: 'env' });
    expect(byKey.get('armed')).toMatchObject({ value: false, source: 'default' });
    expect(Number.isNaN(Date.parse(byKey.get('armed')?.updatedAt ?? ''))).toBe(false);
  });

  it('GET /metrics is Prometheus text with runs, actions, skips and queue depth', async () => {
    await queue.add(JOB_NAMES.monkey, { scheduleId: 'x', monkey: 'gorilla' }, { jobId: 'metrics-job', delay: 60_000 });
    await metrics.observe({
      monkey: 'chaos',
      dryRun: false,
      target: {},
      actions: [
        {
          kind: 'terminate-instance',
          resource: 'i-1',
          group: 'web',
          region: 'us-east-1',
          zone: 'us-east-1a',
          status: 'done',
          reason: null,
          revertAt: null,
        },
      ],
      skipped: [{ resource: 'i-2', group: 'db', guard: 'opt-in', reason: 'no tag' }],
      summary: { planned: 0, done: 1, failed: 0, skipped: 1 },
    });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('simian_runs_total{monkey="chaos",outcome="done"} 1');
    expect(text).toContain('simian_actions_total{kind="terminate-instance",status="done"} 1');
    expect(text).toContain('simian_skips_total{guard="opt-in"} 1');
    expect(text).toContain('simian_queue_jobs{state="delayed"} 1');
  });
});
