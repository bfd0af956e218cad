import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Redis } from 'ioredis';
import { type LoadedConfig, loadConfig } from '../../core/config/load.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { FleetMetrics } from '../../core/http/metrics.js';
import type { RevertRunner } from '../../core/http/revert-runner.js';
import { type HttpServer, startHttpServer } from '../../core/http/server.js';
import { createLogger } from '../../core/log.js';
import type { AlertGateway } from '../../core/notify/gateway.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { closeRedis, openRedis } from '../../core/redis/connection.js';
import { KillSwitch } from '../../core/safety/kill-switch.js';
import { monkeyCatalog } from '../../monkeys/index.js';
import { writeConfigFile } from '../support/config-file.js';
import { redisUrl, uniquePrefix } from '../support/env.js';

export const TOKEN = 'a-very-secret-bearer-token';
export const logger = createLogger({ pretty: false, level: 'silent' });

/** A schedule entry the run route can name. */
export const CHAOS_SCHEDULE = `schedules:
  - id: chaos-web
    monkey: chaos
    every: 1h
`;

export interface ServiceOptions {
  /** Lines added to simian.yaml (after redis and http.token). */
  readonly yaml?: string;
  /** http: lines (indented two spaces) added under http. */
  readonly http?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Changes per client and minute before 429 (default 1000: tests that are not about the limit never meet it). */
  readonly rateLimitMax?: number;
  readonly schedules?: string;
  readonly alerts?: (redis: Redis) => AlertGateway;
  readonly reverts?: (parts: { redis: Redis; prefix: string; timeline: RedisTimeline }) => RevertRunner;
}

/** A real `simian serve` server (real Redis, real queue, real timeline) on a free port, under its own prefix. */
export interface Service {
  readonly url: string;
  readonly prefix: string;
  readonly config: LoadedConfig;
  readonly redis: Redis;
  readonly queue: FleetQueue;
  readonly timeline: RedisTimeline;
  readonly killSwitch: KillSwitch;
  readonly metrics: FleetMetrics;
  readonly server: HttpServer;
  /** A request with the bearer token (null: none); a string body is sent as it is. */
  send(method: string, path: string, body?: unknown, token?: string | null): Promise<Response>;
  close(): Promise<void>;
}

export async function startService(options: ServiceOptions = {}): Promise<Service> {
  const prefix = uniquePrefix('http');
  const configPath = writeConfigFile(
    `redis:\n  url: ${redisUrl()}\n  prefix: ${prefix}\nhttp:\n  token: ${TOKEN}\n  rateLimit:\n    max: ${options.rateLimitMax ?? 1000}\n${options.http ?? ''}${options.yaml ?? ''}`,
  );
  if (options.schedules) {
    mkdirSync(join(dirname(configPath), 'schedules'));
    writeFileSync(join(dirname(configPath), 'schedules', 'test.yaml'), options.schedules);
  }
  const config = loadConfig({ configPath, env: options.env ?? {}, monkeys: monkeyCatalog });
  const redis = openRedis(redisUrl());
  const queue = openFleetQueue(config.global, redis);
  const timeline = new RedisTimeline(redis, { prefix });
  const killSwitch = new KillSwitch({ redis, prefix, events: timeline, clock: { now: () => new Date() }, logger });
  const metrics = new FleetMetrics({ queue, redis, prefix, killSwitch });
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    config: () => config,
    redis,
    metrics,
    logger,
    timeline,
    killSwitch,
    queue,
    ...(options.alerts ? { alerts: options.alerts(redis) } : {}),
    ...(options.reverts ? { reverts: options.reverts({ redis, prefix, timeline }) } : {}),
  });
  return {
    url: server.url,
    prefix,
    config,
    redis,
    queue,
    timeline,
    killSwitch,
    metrics,
    server,
    send: (method, path, body, token = TOKEN) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    close: async () => {
      await server.close();
      await queue.close();
      await closeRedis(redis);
    },
  };
}

/** The JSON `error` sentence of an answer. */
export async function errorOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: string }).error;
}
