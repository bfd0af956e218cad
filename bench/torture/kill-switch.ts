import { Redis } from 'ioredis';
import { AwsClients } from '../../core/aws/clients.js';
import { systemClock } from '../../core/clock.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import { createLogger } from '../../core/log.js';
import { exitCodeOf } from '../../core/run/run-monkey.js';
import { KillSwitch } from '../../core/safety/kill-switch.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { armedConfig } from './armed-faults.js';
import { startFaultProxy } from './fault-proxy.js';
import { Losses, type ScenarioResult, type TortureContext } from './scenario.js';

const REGION = 'ap-south-1';
const ZONE = 'ap-south-1a';
const LANES = 2;
/** Actions that start before the switch is thrown. */
const BEFORE = 3;
const ALLOWED_MS = 1000;
const logger = createLogger({ level: 'silent', pretty: false });

/**
 * Armed Chaos runs, one group each, two at a time through a slow proxy; the kill switch is thrown after the third
 * termination. No TerminateInstances may reach AWS more than 1 s after that, and the runs after it are refused.
 */
export async function tortureKillSwitch(context: TortureContext): Promise<ScenarioResult> {
  const losses = new Losses();
  const groups = context.quick ? 10 : 24;
  const fleet = await seedFleet(context.clients, {
    region: REGION,
    zones: [ZONE],
    groups: Array.from({ length: groups }, (_, index) => ({
      name: `switch-${String(index).padStart(2, '0')}`,
      tags: { 'simian:chaos': 'enabled' },
      instancesPerZone: 1,
    })),
    snapshots: 0,
  });
  const proxy = await startFaultProxy(context.motoUrl, { latencyMs: 40 });
  const clients = new AwsClients({ endpointUrl: proxy.url, maxAttempts: 3 });
  const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: null });
  const prefix = `torture-switch-${Date.now().toString(36)}`;
  const config = armedConfig(prefix, REGION);
  const events = new RedisTimeline(redis, { prefix });
  const killSwitch = new KillSwitch({ redis, prefix, events, clock: systemClock });
  let thrownAt: number | undefined;
  const codes: number[] = [];
  const queue = fleet.groups.map((group) => group.name);
  try {
    const lane = async () => {
      for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
        const report = await runMonkey(
          { monkey: 'chaos', region: REGION, params: { group }, manual: true, flagDryRun: false },
          { config, clients, redis, events, clock: systemClock, logger, random: () => 0 },
        );
        codes.push(exitCodeOf(report));
        if (thrownAt === undefined && proxy.figures.terminationTimes.length >= BEFORE) {
          await killSwitch.set(true, 'torture', 'thrown mid-run');
          thrownAt = Date.now();
        }
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    const times = proxy.figures.terminationTimes;
    losses.expect(thrownAt !== undefined, `the switch was never thrown (${times.length} terminations)`);
    const late = times.filter((time) => time > (thrownAt ?? 0) + ALLOWED_MS);
    losses.expect(late.length === 0, `${late.length} terminations started more than 1 s after the switch`);
    const refused = codes.filter((code) => code === 3).length;
    losses.expect(refused > 0, 'no run was refused after the switch was thrown');
    const lastAfter = Math.max(0, ...times.map((time) => time - (thrownAt ?? 0)));
    return {
      scenario: 'kill switch mid-run',
      did: `${groups} armed chaos runs, ${LANES} at a time, +40 ms per call; switch thrown after ${BEFORE} terminations`,
      figures: `${times.length} terminations, last ${lastAfter} ms after the switch (limit ${ALLOWED_MS}); ${refused} runs refused`,
      losses: losses.list,
    };
  } finally {
    clients.destroy();
    await proxy.close();
    redis.disconnect();
  }
}
