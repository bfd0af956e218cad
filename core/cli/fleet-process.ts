import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { allMonkeys, monkeyCatalog } from '../../monkeys/index.js';
import { RedisPacer } from '../actuator/redis-pacer.js';
import { RevertRegistry } from '../actuator/revert-registry.js';
import { systemClock } from '../clock.js';
import { type LoadedConfig, loadConfig, resolveConfigPath } from '../config/load.js';
import { InputError } from '../errors.js';
import { RedisTimeline } from '../events/timeline.js';
import { FleetMetrics } from '../http/metrics.js';
import { revertRunner } from '../http/revert-runner.js';
import { Lifecycle } from '../lifecycle/shutdown.js';
import { createLogger } from '../log.js';
import { alertGatewayFromConfig } from '../notify/from-config.js';
import type { MonkeyLookup } from '../queue/daily-plan.js';
import { type Fleet, startFleet } from '../queue/fleet.js';
import { openFleetQueue } from '../queue/fleet-queue.js';
import { closeRedis, openRedis } from '../redis/connection.js';
import { dailyPlanning, type PipelineParts, pipelineRunner, registryRevertSource } from '../run/pipeline.js';
import { KillSwitch } from '../safety/kill-switch.js';
import { openCliContext } from './context.js';
import type { CommonOptions } from './options.js';

export interface FleetProcessOptions extends CommonOptions {
  concurrency?: string;
  host?: string;
  port?: string;
}

export interface FleetRoles {
  readonly scheduler: boolean;
  readonly worker: boolean;
  readonly http: boolean;
}

/**
 * The monkey registry as the fleet sees it: read at each call, so a monkey registered later (a test's) counts. This
 * is where core/queue learns which monkeys plan their day; it names none of them itself.
 */
export const registryMonkeys: MonkeyLookup = (name) => allMonkeys().find((monkey) => monkey.name === name);

/**
 * The registry's run by monkey name, for the pipeline. The run path (inventory, guards, effects, the SDK clients they
 * use) loads with the first job: an idle worker holds only the queue.
 */
export const registryRun: PipelineParts['runDeclared'] = async (request, deps) =>
  (await import('../../monkeys/run-by-name.js')).runDeclared(request, deps);

/** A whole-number flag within [min, max]; anything else is bad input (exit 2) naming the flag. */
function integerFlag(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`${flag} "${text}" is not a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * What to watch for changes: every file read (each by its own name), and the schedules directory beside the config
 * (for its *.yaml files, so a new schedule file is picked up). Nothing else in those directories reloads.
 */
function watchedPaths(config: LoadedConfig, options: FleetProcessOptions): string[] {
  const configPath = resolveConfigPath(options.config, process.cwd());
  const schedulesDir = join(configPath ? dirname(configPath) : process.cwd(), 'schedules');
  return [...config.files, schedulesDir].filter((path) => existsSync(path));
}

/**
 * `simian scheduler`, `worker`, `up` and `serve`: one long-running process with the roles asked for, built on the
 * CLI context, ended by SIGTERM/SIGINT through the one lifecycle. Resolves once the process has shut down.
 */
export async function runFleetProcess(options: FleetProcessOptions, roles: FleetRoles): Promise<void> {
  const concurrency = integerFlag('--concurrency', options.concurrency, 1, 1000);
  const port = integerFlag('--port', options.port, 0, 65535);
  const context = openCliContext(options, {
    load: { monkeys: monkeyCatalog },
    // A fleet process logs its life (jobs, schedules, shutdown) at info unless told otherwise.
    logger: createLogger(options.debug ? { level: 'debug' } : {}),
  });
  const { global } = context.config;
  const logger = context.logger;
  // Without Redis the fleet cannot start: one sentence naming it, and the process ends (nothing left reconnecting).
  await context.reachableRedis().catch(async (error: unknown) => {
    await context.close();
    throw error;
  });
  const lifecycle = new Lifecycle({ logger, forceAfterMs: global.fleet.shutdownGrace + 10_000 });
  lifecycle.add('context', () => context.close());
  lifecycle.handleSignals();

  const redis = openRedis(global.redis, 'simian-fleet', logger);
  const queue = openFleetQueue(global, redis);
  // The first load is the context's; later ones (scheduler reloads) read the files again.
  let loads = 0;
  const load = (): LoadedConfig =>
    loads++ === 0
      ? context.config
      : loadConfig({
          configPath: options.config,
          flags: { regions: options.region, endpointUrl: options.endpointUrl },
          monkeys: monkeyCatalog,
        });
  let fleet: Fleet | undefined;
  const events = new RedisTimeline(redis, {
    prefix: global.redis.prefix,
    maxLength: global.events.maxLength,
    retentionMs: global.events.retention,
  });
  const revertRegistry = new RevertRegistry(redis, { prefix: global.redis.prefix });
  const killSwitch = new KillSwitch({ redis, prefix: global.redis.prefix, events, clock: systemClock, logger });
  // Counters in Redis: whichever process ran a job, the service's /metrics shows it.
  const metrics = new FleetMetrics({
    queue,
    redis,
    prefix: global.redis.prefix,
    killSwitch,
    reverts: revertRegistry,
    calls: context.clients.counter,
  });
  // Told of failed reverts and refused scheduled runs; delivery never holds up a job. Its deliveries are counted.
  const alerts = alertGatewayFromConfig({
    config: global,
    clients: context.clients,
    redis,
    events: metrics.counting(events),
    logger,
  });
  const parts = {
    alerts,
    config: () => fleet?.config() ?? context.config,
    clients: context.clients,
    redis,
    queue,
    events,
    logger,
    clock: systemClock,
    pacer: new RedisPacer(redis, { prefix: global.redis.prefix, buckets: global.fleet.pacing }),
    account: (region: string) => context.account(region),
    monkeys: registryMonkeys,
    runDeclared: registryRun,
  };
  const reverts = registryRevertSource(parts);
  // Listening before the fleet starts, so /healthcheck says 503 while Redis is still out of reach.
  const server = roles.http
    ? await (await import('../http/server.js')).startHttpServer({
        host: options.host ?? global.http.host,
        port: port ?? global.http.port,
        config: () => fleet?.config() ?? context.config,
        redis,
        metrics,
        logger,
        alerts,
        timeline: events,
        killSwitch,
        queue,
        reverts: revertRunner({ ...parts, registry: revertRegistry }),
        dashboard: parts,
      })
    : undefined;
  fleet =
    roles.scheduler || roles.worker
      ? await startFleet({
          roles,
          load,
          watch: watchedPaths(context.config, options),
          logger,
          lifecycle,
          now: () => systemClock.now(),
          random: Math.random,
          events,
          run: metrics.wrap(pipelineRunner(parts, reverts)),
          reverts,
          monkeys: registryMonkeys,
          daily: dailyPlanning(parts),
          concurrency,
          connection: redis,
          queue,
        })
      : undefined;
  if (!fleet) {
    lifecycle.add('redis', () => closeRedis(redis));
    lifecycle.add('queue', () => queue.close());
  }
  // Alerts still in flight are delivered before Redis goes (a worker's drain may add more; those are best effort).
  lifecycle.add('alerts', () => alerts.flush());
  // Released first: registered last.
  if (server) lifecycle.add('http', () => server.close());
  await lifecycle.done;
}
