import { DescribeNetworkAclsCommand } from '@aws-sdk/client-ec2';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { unpaced } from '../../core/actuator/pacer.js';
import { applyDueReverts } from '../../core/actuator/revert-apply.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import type { AwsClients } from '../../core/aws/clients.js';
import { type Clock, fixedClock } from '../../core/clock.js';
import { type GlobalConfig, globalConfigSchema } from '../../core/config/schema.js';
import { MemoryEventSink } from '../../core/events/event.js';
import type { RunDeps } from '../../core/run/run-request.js';
import { type FleetSpec, type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';
import { MOTO_ACCOUNT, testClients, testRedis, uniquePrefix } from '../support/env.js';

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

/** `minutes` after the clock's now (when a run's reverts come due). */
export function minutesAfter(clock: Clock, minutes: number): Date {
  return new Date(clock.now().getTime() + minutes * 60_000);
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

export interface GorillaSandbox {
  readonly clients: AwsClients;
  readonly redis: Redis;
  /** The fleet, seeded before the file's tests: read it inside a test or a later hook. */
  readonly fleet: SeededFleet;
}

/**
 * What a Gorilla or Kong test file runs against: moto clients, Redis, and a fleet seeded before its tests (`seed`:
 * the spec for seedFleet, or a function that seeds), released after them.
 */
export function gorillaSandbox(
  seed: FleetSpec | ((clients: AwsClients) => Promise<SeededFleet>),
  timeout?: number,
): GorillaSandbox {
  const clients = testClients();
  const redis = testRedis();
  let fleet: SeededFleet | undefined;
  beforeAll(async () => {
    fleet = await (typeof seed === 'function' ? seed(clients) : seedFleet(clients, seed));
  }, timeout);
  afterAll(async () => {
    await redis.quit();
    clients.destroy();
  });
  return {
    clients,
    redis,
    get fleet() {
      if (!fleet) throw new Error('the fleet is seeded before the tests: read it inside one');
      return fleet;
    },
  };
}

/** The network ACLs of the sandbox fleet's VPC (us-east-1). */
export async function aclsOfVpc(sandbox: GorillaSandbox) {
  const answer = await sandbox.clients
    .ec2({ region: 'us-east-1' })
    .send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [sandbox.fleet.vpcId] }] }));
  return answer.NetworkAcls ?? [];
}

/** The network ACL each subnet of the sandbox fleet is associated with, marked when it is simian's deny-all. */
export async function aclAssociations(sandbox: GorillaSandbox): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const acl of await aclsOfVpc(sandbox)) {
    const owned = (acl.Tags ?? []).some((tag) => tag.Key === 'simian:isolation');
    for (const association of acl.Associations ?? []) {
      if (association.SubnetId)
        result[association.SubnetId] = `${acl.NetworkAclId}${owned ? ' (simian deny-all)' : ''}`;
    }
  }
  return result;
}
