// The action kinds are registered by the monkeys that declare them.
import '../monkeys/index.js';
import { TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { executePlan } from '../core/actuator/execute.js';
import { bucketFor, TokenBucketPacer } from '../core/actuator/pacer.js';
import { getEffect } from '../core/actuator/registry.js';
import type { AwsClients } from '../core/aws/clients.js';
import { systemClock } from '../core/clock.js';
import { globalConfigSchema } from '../core/config/schema.js';
import { MemoryEventSink } from '../core/events/event.js';
import { createLogger } from '../core/log.js';
import type { Plan } from '../core/plan/action.js';
import { effectiveCaps } from '../core/safety/caps.js';
import type { RunContext } from '../core/safety/guard.js';
import { MOTO_ACCOUNT } from './accounts.js';
import type { Comparison } from './comparison.js';
import { timed } from './measure.js';

const KIND = 'terminate-instance';

function armedRun(region: string): RunContext {
  const config = globalConfigSchema.parse({ armed: true });
  return {
    runId: 'bench-terminate',
    monkey: 'chaos',
    kind: 'fault',
    dryRun: false,
    account: { id: MOTO_ACCOUNT },
    region,
    config,
    caps: effectiveCaps(config.caps),
  };
}

function terminatePlan(region: string, ids: readonly string[]): Plan {
  return {
    monkey: 'chaos',
    target: { region },
    actions: ids.map((id) => ({
      kind: KIND,
      resource: id,
      group: null,
      account: MOTO_ACCOUNT,
      region,
      zone: null,
      params: {},
    })),
    skipped: [],
  };
}

/** Seconds a token bucket makes `calls` calls wait in all: the burst is free, the rest comes at the refill rate. */
function bucketWaitSeconds(calls: number, bucket: { capacity: number; refillPerSecond: number }): number {
  return Math.max(0, calls - bucket.capacity) / bucket.refillPerSecond;
}

/**
 * Terminating N instances through the actuator (batched, paced, reported per resource) against the naive loop of
 * one TerminateInstances call per instance. `ours` and `baseline` are two disjoint sets of N running instances.
 */
export async function benchTerminate(
  clients: AwsClients,
  region: string,
  fleet: { readonly ours: readonly string[]; readonly baseline: readonly string[] },
): Promise<Comparison> {
  const count = fleet.ours.length;
  const effect = getEffect(KIND);
  const deps = {
    clients,
    guards: { run: [], action: [] },
    events: new MemoryEventSink(),
    reverts: null,
    pacer: new TokenBucketPacer(),
    logger: createLogger({ level: 'silent', pretty: false }),
    clock: systemClock,
  };

  clients.counter.reset();
  const ours = await timed(() => executePlan(terminatePlan(region, fleet.ours), armedRun(region), deps));
  const ourCalls = clients.counter.count('TerminateInstances');
  if (ours.value.summary.done !== count) {
    throw new Error(`the actuator terminated ${ours.value.summary.done} of ${count} instances`);
  }

  const ec2 = clients.ec2({ region });
  clients.counter.reset();
  const baseline = await timed(async () => {
    for (const id of fleet.baseline) await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  });
  const baselineCalls = clients.counter.count('TerminateInstances');

  const bucket = bucketFor(effect.pacing);
  return {
    title: `Batched termination: ${count.toLocaleString('en-US')} instances`,
    rows: [
      { metric: 'TerminateInstances calls', ours: ourCalls, baseline: baselineCalls, unit: '', better: 'lower' },
      {
        metric: 'wall time against moto',
        ours: ours.ms / 1000,
        baseline: baseline.ms / 1000,
        unit: 's',
        better: 'lower',
      },
      {
        metric: `EC2 bucket wait (${bucket.capacity} burst, ${bucket.refillPerSecond}/s)`,
        ours: bucketWaitSeconds(ourCalls, bucket),
        baseline: bucketWaitSeconds(baselineCalls, bucket),
        unit: 's',
        better: 'lower',
      },
    ],
    notes: [
      `ours: executePlan, armed, ${effect.kind} in batches of ${effect.batchSize}, with the token-bucket pacer; ${ours.value.summary.done} done`,
      'baseline: one TerminateInstances call per instance id, in a loop, straight from the SDK',
      `bucket wait: the burst is free, every further call waits 1/${bucket.refillPerSecond} s; against AWS the baseline is throttled, ours is not`,
    ],
  };
}
