// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { DescribeInstancesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import type { ExecuteDeps } from '../../core/actuator/execute.js';
import { unpaced } from '../../core/actuator/pacer.js';
import type { AwsClients } from '../../core/aws/clients.js';
import { fixedClock } from '../../core/clock.js';
import { globalConfigSchema } from '../../core/config/schema.js';
import { MemoryEventSink } from '../../core/events/event.js';
import { createLogger } from '../../core/log.js';
import type { Action } from '../../core/plan/action.js';
import { effectiveCaps } from '../../core/safety/caps.js';
import type { RunContext } from '../../core/safety/guard.js';
import { MOTO_ACCOUNT } from '../support/env.js';

export const REGION = 'us-east-1';
export const quietLogger = createLogger({ level: 'silent', pretty: false });

/** A run context for one account and region; armed when dryRun is false. */
export function runContext(overrides: Partial<RunContext> = {}): RunContext {
  const config = globalConfigSchema.parse({ armed: overrides.dryRun === false });
  return {
    runId: `run-${Math.random().toString(36).slice(2, 10)}`,
    monkey: 'chaos',
    kind: 'fault',
    dryRun: true,
    account: { id: MOTO_ACCOUNT },
    region: REGION,
    config,
    caps: effectiveCaps(config.caps),
    ...overrides,
  };
}

/** Executor deps against moto: no guards, events in memory, no revert registry, unpaced, 10:00 UTC. */
export function executeDeps(clients: AwsClients, overrides: Partial<ExecuteDeps> = {}): ExecuteDeps {
  return {
    clients,
    guards: { run: [], action: [] },
    events: new MemoryEventSink(),
    reverts: null,
    pacer: unpaced,
    logger: quietLogger,
    clock: fixedClock('2026-11-26T10:00:00Z'),
    ...overrides,
  };
}

export function instanceAction(kind: string, resource: string, extra: Partial<Action> = {}): Action {
  return {
    kind,
    resource,
    group: 'web-prod',
    account: MOTO_ACCOUNT,
    region: REGION,
    zone: `${REGION}a`,
    params: {},
    ...extra,
  };
}

/** Launches `count` instances with as few RunInstances calls as moto allows (1000 per call). */
export async function launchInstances(clients: AwsClients, count: number): Promise<string[]> {
  const ec2 = clients.ec2({ region: REGION });
  // moto accepts any image id; listing its images first would cost seconds.
  const imageId = 'ami-12c6146b';
  const ids: string[] = [];
  while (ids.length < count) {
    const batch = Math.min(1000, count - ids.length);
    const result = await ec2.send(
      new RunInstancesCommand({ ImageId: imageId, InstanceType: 't3.micro', MinCount: batch, MaxCount: batch }),
    );
    for (const instance of result.Instances ?? []) if (instance.InstanceId) ids.push(instance.InstanceId);
  }
  return ids;
}

/** Current state name of each instance. */
export async function instanceStates(clients: AwsClients, ids: readonly string[]): Promise<Map<string, string>> {
  const ec2 = clients.ec2({ region: REGION });
  const states = new Map<string, string>();
  for (let start = 0; start < ids.length; start += 1000) {
    const result = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids.slice(start, start + 1000) }));
    for (const reservation of result.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        if (instance.InstanceId) states.set(instance.InstanceId, instance.State?.Name ?? 'unknown');
      }
    }
  }
  return states;
}
