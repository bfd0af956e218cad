import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { unpaced } from '../../core/actuator/pacer.js';
import { applyDueReverts } from '../../core/actuator/revert-apply.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import type { AwsClients } from '../../core/aws/clients.js';
import { fixedClock } from '../../core/clock.js';
import { type GlobalConfig, globalConfigSchema } from '../../core/config/schema.js';
import { MemoryEventSink } from '../../core/events/event.js';
import type { RunDeps } from '../../core/run/run-monkey.js';
import { MOTO_ACCOUNT, uniquePrefix } from '../support/env.js';

/** Tuesday 10:00 in Los Angeles: inside the default chaos window, so armed runs pass the calendar. */
export const IN_WINDOW = '2026-11-24T18:00:00Z';

/**
 * A config for Gorilla and Kong runs against moto: armed, the moto account allowed, and caps opened up so a whole
 * zone may go at once (Gorilla's point), with Redis keys under a prefix no other test uses.
 */
export function gorillaConfig(overrides: Record<string, unknown> = {}): GlobalConfig {
  return globalConfigSchema.parse({
    armed: true,
    accounts: [{ id: MOTO_ACCOUNT }],
    regions: ['us-east-1'],
    caps: { maxPerRun: 100, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: 100 },
    redis: { prefix: uniquePrefix('gorilla') },
    ...overrides,
  });
}

export const silentLogger = pino({ level: 'silent' });

/** Pipeline deps for one run: real moto clients and Redis, events in memory, a clock inside the window. */
export function runDeps(config: GlobalConfig, clients: AwsClients, redis: Redis | null) {
  const events = new MemoryEventSink();
  const clock = fixedClock(IN_WINDOW);
  const deps: RunDeps = {
    config,
    clients,
    redis,
    events,
    clock,
    logger: silentLogger,
    pacer: unpaced,
    random: () => 0,
  };
  return { deps, events, clock };
}

/** Applies every due revert with objects of its own, as another process (`simian revert --due`) would. */
export async function revertDueAsAnotherProcess(config: GlobalConfig, clients: AwsClients, redis: Redis, at: Date) {
  return applyDueReverts({
    registry: new RevertRegistry(redis, { prefix: config.redis.prefix }),
    clients,
    pacer: unpaced,
    events: new MemoryEventSink(),
    logger: silentLogger,
    clock: fixedClock(at),
  });
}
