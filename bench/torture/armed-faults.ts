import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { Redis } from 'ioredis';
import { AwsClients } from '../../core/aws/clients.js';
import { systemClock } from '../../core/clock.js';
import { globalConfigSchema } from '../../core/config/schema.js';
import { EVENT_TYPES } from '../../core/events/event.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { createLogger } from '../../core/log.js';
import { exitCodeOf } from '../../core/run/run-monkey.js';
import { ALWAYS_OPEN_CALENDAR } from '../../core/sandbox/always-open-calendar.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { MOTO_ACCOUNT } from '../accounts.js';
import { type FaultPlan, startFaultProxy } from './fault-proxy.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';

const REGION = 'eu-west-2';
const ZONES = ['eu-west-2a', 'eu-west-2b'];
const TARGET_ZONE = 'eu-west-2a';
const FAULTS: FaultPlan = { throttle: 0.2, serverError: 0.1, latencyMs: 5, swallowMutation: 0.5 };
const logger = createLogger({ level: 'silent', pretty: false });

/** The config of an armed run open all day, with caps that let Gorilla take the whole zone. */
export function armedConfig(prefix: string, region: string, extra: Record<string, unknown> = {}) {
  return globalConfigSchema.parse({
    armed: true,
    regions: [region],
    accounts: [{ id: MOTO_ACCOUNT }],
    redis: { prefix },
    caps: { maxPerRun: 1000, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: 1000 },
    calendar: ALWAYS_OPEN_CALENDAR,
    ...extra,
  });
}

/** Every instance of the region with its state. */
export async function instanceStates(clients: AwsClients, region: string): Promise<Map<string, string>> {
  const answer = await clients.ec2({ region }).send(new DescribeInstancesCommand({}));
  return new Map(
    (answer.Reservations ?? [])
      .flatMap((reservation) => reservation.Instances ?? [])
      .map((instance) => [instance.InstanceId as string, instance.State?.Name ?? 'unknown']),
  );
}

export const isGone = (state: string | undefined) => state === 'shutting-down' || state === 'terminated';

/**
 * An armed Gorilla run on a seeded sandbox through the fault proxy (throttling in each protocol's format, 5xx,
 * latency, and half the mutating calls done but answered 503): exactly the opted-in instances of the zone end
 * terminated, no other, exit 0, every action recorded once.
 */
export async function tortureArmedFaults(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const perZone = context.quick ? 3 : 8;
  const fleet = await seedFleet(context.clients, {
    region: REGION,
    zones: ZONES,
    groups: [
      { name: 'torture-web', tags: { 'simian:gorilla': 'enabled' }, instancesPerZone: perZone },
      { name: 'torture-api', tags: { 'simian:all': 'enabled' }, instancesPerZone: perZone },
      { name: 'torture-db', tags: { 'simian:gorilla': 'disabled' }, instancesPerZone: 1 },
      { name: 'torture-batch', instancesPerZone: 1 },
    ],
    snapshots: 0,
  });
  const expected = new Set(
    fleet.groups
      .filter((group) => group.name === 'torture-web' || group.name === 'torture-api')
      .flatMap((group) => group.instancesByZone[TARGET_ZONE] ?? []),
  );
  const proxy = await startFaultProxy(context.motoUrl, FAULTS);
  // The SDK retries throttling and 5xx itself (standard mode, with backoff): room for a hostile proxy.
  const clients = new AwsClients({ endpointUrl: proxy.url, maxAttempts: 10, requestTimeoutMs: 10_000 });
  const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: null });
  const prefix = `torture-armed-${Date.now().toString(36)}`;
  const events = new RedisTimeline(redis, { prefix });
  const started = performance.now();
  try {
    const report = await runMonkey(
      { monkey: 'gorilla', region: REGION, params: { zone: TARGET_ZONE }, manual: true, flagDryRun: false },
      { config: armedConfig(prefix, REGION), clients, redis, events, clock: systemClock, logger },
    );
    const ms = performance.now() - started;
    const code = exitCodeOf(report);
    losses.expect(
      code === 0,
      `the armed run exited ${code}: ${report.refused?.reason ?? report.skipped[0]?.reason ?? ''}`,
    );
    const states = await instanceStates(context.clients, REGION);
    const gone = [...states].filter(([, state]) => isGone(state)).map(([id]) => id);
    const wrong = gone.filter((id) => !expected.has(id));
    const missed = [...expected].filter((id) => !isGone(states.get(id)));
    losses.expect(wrong.length === 0, `terminated outside the opted-in zone: ${wrong.join(', ')}`);
    losses.expect(missed.length === 0, `opted-in instances of ${TARGET_ZONE} still running: ${missed.join(', ')}`);
    const actions = (await events.query({ type: EVENT_TYPES.action })).filter((event) => !event.dryRun);
    const recorded = new Map<string, number>();
    for (const event of actions) recorded.set(String(event.resource), (recorded.get(String(event.resource)) ?? 0) + 1);
    const twice = [...recorded].filter(([, count]) => count > 1).map(([id]) => id);
    losses.expect(twice.length === 0, `actions recorded more than once: ${twice.join(', ')}`);
    losses.expect(recorded.size === expected.size, `${recorded.size} actions recorded, ${expected.size} expected`);
    const logical = clients.counter.total();
    const { figures } = proxy;
    const resent = [...figures.terminations.values()].filter((count) => count > 1).length;
    return {
      scenario: 'faults + armed run',
      did: `armed gorilla on ${TARGET_ZONE}, ${expected.size} of ${states.size} instances in the region opted in; proxy: throttle ${FAULTS.throttle}, 5xx ${FAULTS.serverError}, +${FAULTS.latencyMs} ms, swallow ${FAULTS.swallowMutation} of mutations`,
      figures: `${figures.calls} calls seen, ${logical} logical; faults ${figures.throttled} throttled + ${figures.serverErrors} 5xx + ${figures.swallowed} swallowed; retries ${figures.calls - logical}; ${gone.length} terminated (${resent} resent after a swallowed answer); run ${(ms / 1000).toFixed(1)} s`,
      losses: losses.list,
    };
  } finally {
    clients.destroy();
    await proxy.close();
    redis.disconnect();
  }
}
