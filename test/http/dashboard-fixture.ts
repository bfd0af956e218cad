import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { Redis } from 'ioredis';
import { unpaced } from '../../core/actuator/pacer.js';
import { RevertRegistry } from '../../core/actuator/revert-registry.js';
import type { AwsClients } from '../../core/aws/clients.js';
import { systemClock } from '../../core/clock.js';
import { type LoadedConfig, loadConfig } from '../../core/config/load.js';
import type { SimianEvent } from '../../core/events/event.js';
import { RedisTimeline } from '../../core/events/timeline.js';
import type { DashboardDeps } from '../../core/http/dashboard/index.js';
import { createLogger } from '../../core/log.js';
import type { PlannedRun } from '../../core/queue/daily-plan.js';
import { dayOf, enqueuePlannedRuns } from '../../core/queue/daily-plan-job.js';
import { type FleetQueue, openFleetQueue } from '../../core/queue/fleet-queue.js';
import { compactDay, jobId } from '../../core/queue/job-id.js';
import { JOB_NAMES } from '../../core/queue/jobs.js';
import { storePlanOnce } from '../../core/queue/plan-store.js';
import type { SeededFleet } from '../../core/sandbox/seed.js';
import { monkeyCatalog } from '../../monkeys/index.js';
import { writeMarkRecords } from '../../monkeys/janitor/effects/janitor-record.js';
import { writeConfigFile } from '../support/config-file.js';
import { MOTO_ACCOUNT, redisUrl, testClients, testRedis, uniquePrefix } from '../support/env.js';
import { DEFAULT_FLEET, seedDefaultFleet, seededGroup } from '../support/fleet.js';

export const TOKEN = 'dashboard-test-token-0123456789';
export const REGION = 'us-east-1';
/** queue-prod's instances per zone. */
export const UNEVEN = { 'us-east-1a': 3, 'us-east-1b': 1, 'us-east-1c': 0 };
export const ALARM_QUIET = 'dash-api-5xx';
export const ALARM_FIRING = 'dash-web-5xx';
export const ALARM_MISSING = 'dash-never-created';
/** Older skips of one busy chaos run: with the day's other events, several pages of the timeline. */
export const FILLER_EVENTS = 200;

/** A sandbox for the dashboard: the default fleet in moto, and in Redis a day's plan, events and a pending revert. */
export interface DashboardSandbox {
  readonly prefix: string;
  readonly redis: Redis;
  readonly clients: AwsClients;
  readonly queue: FleetQueue;
  readonly events: RedisTimeline;
  readonly config: LoadedConfig;
  readonly fleet: SeededFleet;
  readonly deps: DashboardDeps;
  readonly plan: readonly PlannedRun[];
  readonly revertId: string;
  /** The instance the pending revert starts again (stopped by the seeded fault). */
  readonly stoppedInstance: string;
  close(): Promise<void>;
}

export const logger = createLogger({ pretty: false, level: 'silent' });

async function putAlarm(clients: AwsClients, name: string, state: 'OK' | 'ALARM') {
  const cloudWatch = clients.cloudWatch({ region: REGION });
  await cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: 'Simian/Dashboard',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  );
  await cloudWatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: 'test' }));
}

const base = (overrides: Partial<SimianEvent> & Pick<SimianEvent, 'type' | 'desc'>): SimianEvent => ({
  monkey: null,
  dryRun: true,
  resource: null,
  group: null,
  region: REGION,
  zone: null,
  account: MOTO_ACCOUNT,
  ...overrides,
});

/** Events of a game day: a chaos dry run, an armed gorilla kill, a skip, findings and a Janitor mark. */
function seededEvents(fleet: SeededFleet, now: Date): SimianEvent[] {
  const web = seededGroup(fleet, 'web-prod');
  const api = seededGroup(fleet, 'api-prod');
  const webInstance = web.instancesByZone['us-east-1a']?.[0] ?? 'i-web';
  const apiInstance = api.instancesByZone['us-east-1b']?.[0] ?? 'i-api';
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  return [
    // An earlier, busier hour (recorded first, as it happened): more events than one page of the timeline lists.
    ...Array.from({ length: FILLER_EVENTS }, (_, index) =>
      base({
        type: 'Skip',
        desc: `spared i-filler-${index} (opt-in): not opted in`,
        monkey: 'chaos',
        resource: `i-filler-${index}`,
        group: 'batch-dev',
        guard: 'opt-in',
        reason: 'not opted in',
        runId: 'chaos-r0',
        timestamp: at(110 - index / 4),
      }),
    ),
    base({
      type: 'Plan',
      desc: 'chaos (dry run, group web-prod) plans 1 action(s), spares 0',
      monkey: 'chaos',
      runId: 'chaos-r1',
      timestamp: at(50),
    }),
    base({
      type: 'Action',
      desc: `would terminate-instance ${webInstance}`,
      monkey: 'chaos',
      resource: webInstance,
      group: 'web-prod',
      zone: 'us-east-1a',
      kind: 'terminate-instance',
      status: 'planned',
      runId: 'chaos-r1',
      timestamp: at(49),
    }),
    base({
      type: 'Plan',
      desc: 'gorilla (armed, zone us-east-1b) plans 1 action(s), spares 1',
      monkey: 'gorilla',
      dryRun: false,
      runId: 'gorilla-r1',
      timestamp: at(30),
    }),
    base({
      type: 'Action',
      desc: `did stop-instance ${apiInstance}`,
      monkey: 'gorilla',
      dryRun: false,
      resource: apiInstance,
      group: 'api-prod',
      zone: 'us-east-1b',
      kind: 'stop-instance',
      status: 'done',
      runId: 'gorilla-r1',
      timestamp: at(29),
    }),
    base({
      type: 'Skip',
      desc: 'spared i-db (opt-in): opted out by simian:all=disabled',
      monkey: 'gorilla',
      dryRun: false,
      resource: 'i-db',
      group: 'db-prod',
      guard: 'opt-in',
      reason: 'opted out by simian:all=disabled',
      runId: 'gorilla-r1',
      timestamp: at(29),
    }),
    base({
      type: 'Alert',
      desc: 'trigger simian/gorilla-r1 (1 delivered)',
      dryRun: false,
      timestamp: at(28),
    }),
    base({
      type: 'Plan',
      desc: 'conformity (group all) reports 1 finding',
      monkey: 'conformity',
      runId: 'conformity-r1',
      timestamp: at(21),
    }),
    base({
      type: 'Finding',
      desc: 'critical cert-expiring arn:aws:acm:us-east-1:123456789012:certificate/web',
      monkey: 'security',
      resource: 'arn:aws:acm:us-east-1:123456789012:certificate/web',
      rule: 'cert-expiring',
      resourceType: 'acm-certificate',
      severity: 'critical',
      owner: 'team-web@example.com',
      reason: 'certificate for www.example.com expires in 9 days',
      details: { daysLeft: 9 },
      timestamp: at(20),
    }),
    base({
      type: 'Finding',
      desc: 'warning required-tags i-loose',
      monkey: 'conformity',
      resource: fleet.looseInstanceIds[0] ?? 'i-loose',
      rule: 'required-tags',
      resourceType: 'instance',
      severity: 'warning',
      owner: 'ops@example.com',
      reason: 'instance lacks the tags team, env',
      details: { missing: ['team', 'env'] },
      timestamp: at(19),
    }),
    base({
      type: 'KillSwitch',
      desc: 'kill switch off (ana: game day over)',
      dryRun: false,
      timestamp: at(12),
    }),
    base({
      type: 'Action',
      desc: `did mark-for-janitor ${fleet.volumes.detached[0]}`,
      monkey: 'janitor',
      dryRun: false,
      resource: fleet.volumes.detached[0] ?? 'vol-1',
      kind: 'mark-for-janitor',
      status: 'done',
      rule: 'old-detached-volume',
      owner: 'ops@example.com',
      deleteAfter: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
      timestamp: at(10),
    }),
  ];
}

/** Seeds moto and Redis; `close` releases what it opened (the data stays under its own prefix). */
export async function seedDashboardSandbox(): Promise<DashboardSandbox> {
  const prefix = uniquePrefix('dashboard');
  const configPath = writeConfigFile(
    [
      `redis:\n  url: ${redisUrl()}\n  prefix: ${prefix}`,
      `http:\n  token: ${TOKEN}`,
      `regions: [${REGION}]`,
      `stopConditions:\n  alarms:\n    - name: ${ALARM_QUIET}\n    - name: ${ALARM_FIRING}\n    - name: ${ALARM_MISSING}`,
      '',
    ].join('\n'),
  );
  mkdirSync(join(dirname(configPath), 'schedules'));
  writeFileSync(
    join(dirname(configPath), 'schedules', 'game-day.yaml'),
    [
      'schedules:',
      '  - { id: chaos-weekdays, monkey: chaos, cron: "0 9 * * 1-5" }',
      '  - { id: gorilla-tuesdays, monkey: gorilla, cron: "0 10 * * 2", armed: true, params: { zone: us-east-1b } }',
      '  - { id: conformity-often, monkey: conformity, every: 2m }',
      '',
    ].join('\n'),
  );
  const config = loadConfig({ configPath, env: {}, monkeys: monkeyCatalog });
  const redis = testRedis();
  const clients = testClients();
  const queue = openFleetQueue(config.global, redis);
  const events = new RedisTimeline(redis, { prefix });
  const [fleet] = await Promise.all([
    // The default fleet and one group out of balance (what Circus would even out).
    seedDefaultFleet(clients, {
      groups: [
        ...(DEFAULT_FLEET.groups ?? []),
        { name: 'queue-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: UNEVEN, min: 0, max: 8 },
      ],
    }),
    putAlarm(clients, ALARM_QUIET, 'OK'),
    putAlarm(clients, ALARM_FIRING, 'ALARM'),
  ]);
  const now = systemClock.now();
  const day = dayOf(now, config.global.calendar.timezone);
  const runs: PlannedRun[] = [
    { group: 'web-prod', slot: 0, minutes: 90 },
    { group: 'api-prod', slot: 0, minutes: 150 },
  ].map(({ group, slot, minutes }) => ({
    id: jobId('chaos', group, compactDay(day), slot),
    scheduleId: 'chaos-weekdays',
    monkey: 'chaos',
    group,
    account: MOTO_ACCOUNT,
    region: REGION,
    day,
    slot,
    at: new Date(now.getTime() + minutes * 60_000).toISOString(),
  }));
  const plan = await storePlanOnce(redis, prefix, day, runs, now);
  await enqueuePlannedRuns(queue, plan, now);
  // As a running scheduler keeps them: one job scheduler per timed entry.
  for (const schedule of config.schedules) {
    await queue.upsertJobScheduler(
      schedule.id,
      schedule.cron ? { pattern: schedule.cron, tz: config.global.calendar.timezone } : { every: schedule.every },
      { name: JOB_NAMES.monkey, data: { scheduleId: schedule.id, monkey: schedule.monkey } },
    );
  }
  for (const event of seededEvents(fleet, now)) await events.record(event);
  // What that Janitor mark left in the Janitor's own record (the dashboard's table reads it).
  const marked = fleet.volumes.detached[0] ?? 'vol-1';
  await writeMarkRecords({ redis, prefix }, [
    {
      account: MOTO_ACCOUNT,
      region: REGION,
      resource: marked,
      resourceType: 'volume',
      rule: 'old-detached-volume',
      markedAt: new Date(now.getTime() - 10 * 60_000).toISOString(),
      deleteAfter: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
      owner: 'ops@example.com',
      notifiedOwner: 'ops@example.com',
      notifiedAt: new Date(now.getTime() - 10 * 60_000).toISOString(),
    },
  ]);

  // A gorilla fault still in effect: the instance is stopped and its revert (start it again) is due in 25 minutes.
  const stoppedInstance = seededGroup(fleet, 'api-prod').instancesByZone['us-east-1b']?.[0] as string;
  await clients.ec2({ region: REGION }).send(new StopInstancesCommand({ InstanceIds: [stoppedInstance] }));
  const revertId = await new RevertRegistry(redis, { prefix }).register(
    { kind: 'start-instance', resource: stoppedInstance, account: MOTO_ACCOUNT, region: REGION, params: {} },
    new Date(now.getTime() + 25 * 60_000),
    { runId: 'gorilla-r1', monkey: 'gorilla', appliedKind: 'stop-instance', group: 'api-prod', zone: 'us-east-1b' },
    now,
  );
  const deps: DashboardDeps = {
    clients,
    queue,
    events,
    pacer: unpaced,
    clock: systemClock,
    account: async () => ({ id: MOTO_ACCOUNT }),
  };
  return {
    prefix,
    redis,
    clients,
    queue,
    events,
    config,
    fleet,
    deps,
    plan,
    revertId,
    stoppedInstance,
    async close() {
      await queue.obliterate({ force: true });
      await queue.close();
      redis.disconnect();
      clients.destroy();
    },
  };
}
