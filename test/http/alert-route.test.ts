import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalConfigSchema } from '../../core/config/schema.js';
import type { RedisTimeline } from '../../core/events/timeline.js';
import { FleetMetrics } from '../../core/http/metrics.js';
import { type HttpServer, startHttpServer } from '../../core/http/server.js';
import { createLogger } from '../../core/log.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { testGateway } from '../notify/harness.js';
import { redisUrl, uniquePrefix } from '../support/env.js';
import { type Receiver, startReceiver } from '../support/receiver.js';

const TOKEN = 'a-very-secret-bearer-token';
const logger = createLogger({ pretty: false, level: 'silent' });
// The talk's example: gateway.send(cluster, severity, desc, incident_key, details).
const PYCON_BODY = {
  cluster: 'pycon',
  severity: 'critical',
  desc: 'The pycon cluster is down',
  incident_key: 'PyconAlert',
  details: { region: 'us-east-1' },
};

describe('POST /api/v1/alert', () => {
  let redis: Redis;
  let queue: FleetQueue;
  let server: HttpServer;
  let webhook: Receiver;

  beforeAll(async () => {
    const prefix = uniquePrefix('http-alert');
    const global = globalConfigSchema.parse({ redis: { prefix }, http: { token: TOKEN } });
    redis = openRedis(redisUrl());
    queue = openFleetQueue(global, redis);
    webhook = await startReceiver();
    const { gateway } = testGateway(redis, { webhooks: [{ name: 'ops', url: webhook.url }] });
    const config = { global, schedules: [], sources: [], files: [], loadedAt: new Date(), warnings: [] };
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      config: () => config,
      redis,
      metrics: new FleetMetrics({ queue, redis }),
      logger,
      alerts: gateway,
    });
  });
  afterAll(async () => {
    await server.close();
    await webhook.close();
    await queue.close();
    await closeRedis(redis);
  });

  const post = (body: unknown, token: string | null = TOKEN, path = '/api/v1/alert') =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('without the bearer token, or with a wrong one, answers 401 and sends nothing', async () => {
    for (const token of [null, 'a-very-secret-bearer-tokeX', 'short']) {
      const response = await post(PYCON_BODY, token);
      expect(response.status).toBe(401);
    }
    expect(webhook.received).toHaveLength(0);
  });

  it.each([
    [{ ...PYCON_BODY, cluster: undefined }, /cluster is required/],
    [{ ...PYCON_BODY, severity: 'loud' }, /^severity "loud" is unknown \(expected info, warning, error, critical\)$/],
    [{ ...PYCON_BODY, incident_key: '' }, /incident_key/],
    [{ ...PYCON_BODY, extra: 1 }, /unknown parameter extra/],
  ])('a bad body answers 400 naming the field (%j)', async (body, says) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(says);
  });

  it('answers 400 to a body that is not JSON and 413 to one over the size limit', async () => {
    expect((await post('{"cluster":')).status).toBe(400);
    expect((await post({ ...PYCON_BODY, desc: 'x'.repeat(70_000) })).status).toBe(413);
    expect(webhook.received).toHaveLength(0);
  });

  it("delivers the seed's example once, deduplicates it after, and resolves it", async () => {
    const first = await post(PYCON_BODY);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ incidentKey: 'PyconAlert', outcomes: [{ status: 'sent' }] });
    const again = await post(PYCON_BODY);
    expect(await again.json()).toMatchObject({ outcomes: [{ status: 'deduplicated' }] });
    expect(webhook.received).toHaveLength(1);
    expect(webhook.received[0]?.json()).toMatchObject({ cluster: 'pycon', incident_key: 'PyconAlert' });
    const resolved = await post({ incident_key: 'PyconAlert' }, TOKEN, '/api/v1/alert/resolve');
    expect(resolved.status).toBe(200);
    expect(webhook.received).toHaveLength(2);
  });
});

describe('POST /api/v1/alert past a rate limit', () => {
  let redis: Redis;
  let queue: FleetQueue;
  let server: HttpServer;
  let webhook: Receiver;
  let timeline: RedisTimeline;

  beforeAll(async () => {
    const prefix = uniquePrefix('http-alert-limit');
    const global = globalConfigSchema.parse({ redis: { prefix }, http: { token: TOKEN } });
    redis = openRedis(redisUrl());
    queue = openFleetQueue(global, redis);
    webhook = await startReceiver();
    const built = testGateway(redis, {
      webhooks: [{ name: 'ops', url: webhook.url }],
      rateLimit: { max: 2, per: '1m' },
    });
    timeline = built.timeline;
    const config = { global, schedules: [], sources: [], files: [], loadedAt: new Date(), warnings: [] };
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      config: () => config,
      redis,
      metrics: new FleetMetrics({ queue, redis }),
      logger,
      alerts: built.gateway,
    });
  });
  afterAll(async () => {
    await server.close();
    await webhook.close();
    await queue.close();
    await closeRedis(redis);
  });

  it('a flood of alerts: those past the limit answer 429 with Retry-After, never 200, and are recorded', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (const key of ['one', 'two', 'three', 'four']) {
      const response = await fetch(`${server.url}/api/v1/alert`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ ...PYCON_BODY, incident_key: key }),
      });
      statuses.push(response.status);
      if (response.status === 429) refused = response;
      else await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    const retryAfter = Number(refused?.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(await refused?.json()).toMatchObject({ incidentKey: 'four', outcomes: [{ status: 'rate-limited' }] });
    expect(webhook.received).toHaveLength(2);
    const failed = await timeline.query({ type: 'AlertFailed' });
    expect(failed.map((event) => event.incidentKey).sort()).toEqual(['four', 'three']);
  });
});
