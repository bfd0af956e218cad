import type { Redis } from 'ioredis';
import { executePlan } from '../core/actuator/execute.js';
import { TokenBucketPacer } from '../core/actuator/pacer.js';
import type { AwsClients } from '../core/aws/clients.js';
import { takeSnapshot } from '../core/aws/inventory.js';
import { systemClock } from '../core/clock.js';
import { globalConfigSchema } from '../core/config/schema.js';
import { MemoryEventSink } from '../core/events/event.js';
import { decideOptIn } from '../core/fleet/opt-in.js';
import { createLogger } from '../core/log.js';
import type { RunReport } from '../core/plan/action.js';
import { effectiveCaps } from '../core/safety/caps.js';
import { buildGuards } from '../core/safety/chain.js';
import type { RunContext } from '../core/safety/guard.js';
import { ALWAYS_OPEN_CALENDAR } from '../core/sandbox/always-open-calendar.js';
import { gorilla, planGorilla } from '../monkeys/gorilla.js';
import { runMonkey } from '../monkeys/run-by-name.js';
import { MOTO_ACCOUNT } from './accounts.js';
import type { Comparison } from './comparison.js';
import { timed } from './measure.js';

const logger = createLogger({ level: 'silent', pretty: false });

function configFor(prefix: string, region: string) {
  return globalConfigSchema.parse({
    armed: true,
    regions: [region],
    accounts: [{ id: MOTO_ACCOUNT }],
    redis: { prefix },
    calendar: ALWAYS_OPEN_CALENDAR,
  });
}

/**
 * The action-time re-check as it was: every guard on, but no batched read, so the opt-in and caps guards describe
 * each action's group and instance on their own (two calls per action). Same snapshot, plan and executor as ours.
 */
async function perActionRecheck(clients: AwsClients, redis: Redis, zone: string, dryRun: boolean, prefix: string) {
  const region = zone.slice(0, -1);
  const config = configFor(prefix, region);
  const snapshot = await takeSnapshot(clients, { account: MOTO_ACCOUNT, region });
  const where = { account: MOTO_ACCOUNT, region };
  const plan = planGorilla(snapshot, { zone, mode: 'terminate', duration: 1_800_000 }, (group) =>
    decideOptIn(group, gorilla, undefined, where, config.tags.prefix),
  );
  const run: RunContext = {
    runId: `bench-baseline-${dryRun ? 'dry' : 'armed'}`,
    monkey: 'gorilla',
    kind: 'fault',
    dryRun,
    account: { id: MOTO_ACCOUNT },
    region,
    config,
    caps: effectiveCaps(config.caps, gorilla.defaultCaps),
  };
  const { prefetch: _batched, ...guards } = buildGuards(
    { clients, redis, events: new MemoryEventSink(), clock: systemClock, logger },
    { kind: 'fault' },
  );
  return executePlan(plan, run, {
    clients,
    guards,
    events: new MemoryEventSink(),
    reverts: null,
    pacer: new TokenBucketPacer(),
    logger,
    clock: systemClock,
  });
}

/** Ours: the real pipeline (`gorilla --zone <zone>`), every guard on, the re-check batched per resource type. */
function pipelineRun(clients: AwsClients, redis: Redis, zone: string, dryRun: boolean, prefix: string) {
  return runMonkey(
    { monkey: 'gorilla', region: zone.slice(0, -1), params: { zone }, manual: true, flagDryRun: dryRun },
    {
      config: configFor(prefix, zone.slice(0, -1)),
      clients,
      redis,
      events: new MemoryEventSink(),
      clock: systemClock,
      logger,
    },
  );
}

async function counted(clients: AwsClients, work: () => Promise<RunReport>) {
  clients.counter.reset();
  const { value, ms } = await timed(work);
  return { report: value, ms, calls: clients.counter.total(), byOperation: clients.counter.snapshot() };
}

/**
 * An armed Gorilla over one zone (every instance opted in), through every guard: the AWS calls of the whole run
 * (inventory, zone check, re-check, termination) with the batched re-check, against the per-action re-check.
 * `ourZone` and `baselineZone` hold two identical fleets, so that each side terminates its own.
 */
export async function benchGorillaRecheck(
  clients: AwsClients,
  redis: Redis,
  fleet: {
    readonly ourZone: string;
    readonly baselineZone: string;
    readonly instances: number;
    readonly groups: number;
  },
): Promise<Comparison> {
  const prefix = `bench-recheck-${Date.now()}`;
  const oursDry = await counted(clients, () => pipelineRun(clients, redis, fleet.ourZone, true, `${prefix}-a`));
  const baselineDry = await counted(clients, () =>
    perActionRecheck(clients, redis, fleet.ourZone, true, `${prefix}-b`),
  );
  const oursArmed = await counted(clients, () => pipelineRun(clients, redis, fleet.ourZone, false, `${prefix}-c`));
  const baselineArmed = await counted(clients, () =>
    perActionRecheck(clients, redis, fleet.baselineZone, false, `${prefix}-d`),
  );
  for (const [side, run] of [
    ['ours', oursArmed],
    ['baseline', baselineArmed],
  ] as const) {
    if (run.report.summary.done !== fleet.instances || run.report.refused) {
      const why = run.report.refused?.reason ?? run.report.skipped[0]?.reason ?? 'no reason given';
      throw new Error(`${side}: the armed run terminated ${run.report.summary.done} of ${fleet.instances} (${why})`);
    }
  }
  const row = (metric: string, ours: number, baseline: number, unit: string) =>
    ({ metric, ours, baseline, unit, better: 'lower' }) as const;
  return {
    title: `Action-time re-check: armed gorilla over ${fleet.instances} instances in ${fleet.groups} groups`,
    rows: [
      row('AWS calls, armed run in all', oursArmed.calls, baselineArmed.calls, ''),
      row('AWS calls, dry run in all', oursDry.calls, baselineDry.calls, ''),
      row('wall time, armed run', oursArmed.ms / 1000, baselineArmed.ms / 1000, 's'),
      row('wall time, dry run', oursDry.ms / 1000, baselineDry.ms / 1000, 's'),
    ],
    notes: [
      `ours (armed): ${Object.entries(oursArmed.byOperation)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')}`,
      `baseline (armed): ${Object.entries(baselineArmed.byOperation)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')}`,
      'both sides run every guard (kill switch, opt-in, caps, tracker in Redis); the baseline is the same executor without the batched read, so each action describes its group and instance alone (the re-check before this change)',
      'ours is the real pipeline (runMonkey, as `gorilla --zone` runs it), its zone check (DescribeAvailabilityZones) included; the baseline skips that call',
    ],
  };
}
