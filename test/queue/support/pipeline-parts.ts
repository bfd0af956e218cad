import type { Redis } from 'ioredis';
import { TokenBucketPacer } from '../../../core/actuator/pacer.js';
import type { AwsClients } from '../../../core/aws/clients.js';
import { registryMonkeys, registryRun } from '../../../core/cli/fleet-process.js';
import { systemClock } from '../../../core/clock.js';
import type { LoadedConfig } from '../../../core/config/load.js';
import { MemoryEventSink } from '../../../core/events/event.js';
import { createLogger } from '../../../core/log.js';
import type { FleetQueue } from '../../../core/queue/fleet-queue.js';
import type { PipelineParts } from '../../../core/run/pipeline.js';
import { MOTO_ACCOUNT } from '../../support/env.js';

/**
 * What the fleet's pipeline needs, in-process: real moto clients, Redis and queue; events in memory; moto's account;
 * the monkey registry.
 */
export function testPipelineParts(
  config: () => LoadedConfig,
  peers: { clients: AwsClients; redis: Redis; queue: FleetQueue },
): PipelineParts {
  return {
    config,
    ...peers,
    events: new MemoryEventSink(),
    logger: createLogger({ pretty: false, level: 'silent' }),
    clock: systemClock,
    pacer: new TokenBucketPacer(),
    account: async () => ({ id: MOTO_ACCOUNT }),
    monkeys: registryMonkeys,
    runDeclared: registryRun,
  };
}
