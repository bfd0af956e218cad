import { DescribeAutoScalingInstancesCommand, SetInstanceHealthCommand } from '@aws-sdk/client-auto-scaling';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { EffectContext } from '../../core/actuator/effect.js';
import { terminateQuarantined } from '../../core/actuator/effects/terminate-quarantined.js';
import { fixedClock } from '../../core/clock.js';
import { type GlobalConfig, globalConfigSchema } from '../../core/config/schema.js';
import type { RunReport } from '../../core/plan/action.js';
import { DOCTOR_TAGS } from '../../monkeys/doctor/tags.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { MOTO_ACCOUNT, uniquePrefix } from '../support/env.js';
import { seededGroup } from '../support/fleet.js';
import { gorillaSandbox, IN_WINDOW, runDeps, silentLogger } from './gorilla-harness.js';

const HOUR = 3_600_000;
const at = (hoursAfter: number) => new Date(new Date(IN_WINDOW).getTime() + hoursAfter * HOUR).toISOString();

const opted = { 'simian:doctor': 'enabled' };
const sandbox = gorillaSandbox({
  region: 'us-east-1',
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  groups: [
    { name: 'web-prod', tags: opted, instancesPerZone: 2 },
    { name: 'api-prod', tags: opted, instancesPerZone: 2 },
    { name: 'batch-prod', tags: opted, instancesPerZone: 2 },
    { name: 'jobs-prod', tags: opted, instancesPerZone: 2 },
  ],
  // Another team's standalone instance, launched "like" a quarantined one: it carries Doctor's tags, copied.
  loose: {
    count: 1,
    tags: {
      owner: 'other-team@example.com',
      [DOCTOR_TAGS.quarantinedAt]: at(-72),
      [DOCTOR_TAGS.quarantinedFrom]: 'web-prod',
      [DOCTOR_TAGS.remedy]: 'quarantine',
    },
  },
  snapshots: 0,
});
const { clients, redis } = sandbox;
const prefix = uniquePrefix('doctor-record');

const config: GlobalConfig = globalConfigSchema.parse({
  armed: true,
  accounts: [{ id: MOTO_ACCOUNT }],
  regions: ['us-east-1'],
  redis: { prefix },
});

const quarantineUnhealthy = (id = 'asg-unhealthy') => ({ id, source: 'asg-health', remedy: 'quarantine' });
/** A rule that quarantines what a metric of its own finds sick: each run sees a different sick instance. */
const quarantineOnMetric = (metric: string) => ({
  id: metric.toLowerCase(),
  source: 'metric',
  namespace: 'Test',
  metric,
  comparison: '>',
  threshold: 95,
  for: '5m',
  remedy: 'quarantine',
});

function doctorRun(params: Record<string, unknown>, when = IN_WINDOW): Promise<RunReport> {
  const { deps } = runDeps(config, clients, redis);
  return runMonkey(
    { monkey: 'doctor', region: 'us-east-1', params, flagDryRun: false },
    { ...deps, clock: fixedClock(when) },
  );
}

const asg = () => clients.autoScaling({ region: 'us-east-1' });

async function stateOf(id: string): Promise<string | undefined> {
  const answer = await clients.ec2({ region: 'us-east-1' }).send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return answer.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}

/** The seeded instances of a group that are no longer in it (detached by a quarantine). */
async function detachedFrom(group: string): Promise<string[]> {
  const ids = [...seededGroup(sandbox.fleet, group).instanceIds];
  const answer = await asg().send(new DescribeAutoScalingInstancesCommand({ InstanceIds: ids }));
  const still = new Set((answer.AutoScalingInstances ?? []).map((member) => member.InstanceId));
  return ids.filter((id) => !still.has(id));
}

async function markUnhealthy(ids: readonly string[]) {
  for (const id of ids) await asg().send(new SetInstanceHealthCommand({ InstanceId: id, HealthStatus: 'Unhealthy' }));
}

/** One breaching datapoint of `metric` for the instance, inside every rule window. */
async function breach(metric: string, id: string) {
  await clients.cloudWatch({ region: 'us-east-1' }).send(
    new PutMetricDataCommand({
      Namespace: 'Test',
      MetricData: [
        {
          MetricName: metric,
          Dimensions: [{ Name: 'InstanceId', Value: id }],
          Timestamp: new Date(Date.now() - 2 * 60_000),
          Value: 99,
        },
      ],
    }),
  );
}

describe('doctor acts on its own record, and its at-once cap holds across runs (moto + Redis)', () => {
  it('spares an instance carrying copied quarantine tags without Doctor record, naming why', async () => {
    const [copied] = sandbox.fleet.looseInstanceIds as [string];
    const report = await doctorRun({ rules: [quarantineUnhealthy()] });
    expect(await stateOf(copied)).toBe('running');
    expect(report.actions.filter((action) => action.resource === copied)).toEqual([]);
    expect(report.skipped).toContainEqual(
      expect.objectContaining({
        resource: copied,
        reason: expect.stringContaining("quarantine tags without Doctor's record: not Doctor's to act on"),
      }),
    );
  });

  it('still terminates an instance Doctor itself quarantined, once its grace period is over', async () => {
    const [sick] = seededGroup(sandbox.fleet, 'batch-prod').instanceIds as [string];
    await markUnhealthy([sick]);
    const quarantine = await doctorRun({ group: 'batch-prod', rules: [quarantineUnhealthy()] });
    expect(quarantine.actions).toContainEqual(
      expect.objectContaining({ kind: 'detach-instance', resource: sick, status: 'done' }),
    );
    expect(await detachedFrom('batch-prod')).toEqual([sick]);

    const within = await doctorRun({ group: 'batch-prod', rules: [quarantineUnhealthy()] }, at(2));
    expect(await stateOf(sick)).toBe('running');
    expect(within.skipped).toContainEqual(expect.objectContaining({ resource: sick, guard: 'doctor-quarantine' }));

    const after = await doctorRun({ group: 'batch-prod', rules: [quarantineUnhealthy()] }, at(25));
    expect(after.actions).toContainEqual(expect.objectContaining({ resource: sick, status: 'done', group: null }));
    expect(['shutting-down', 'terminated']).toContain(await stateOf(sick));
  });

  it('two Doctor entries released together (health check and CPU, maxAtOnce 1) quarantine one instance', async () => {
    const [unhealthy, hot] = seededGroup(sandbox.fleet, 'api-prod').instanceIds as [string, string];
    await markUnhealthy([unhealthy]);
    await breach('Cpu', hot);
    const common = { group: 'api-prod', maxAtOnce: 1 };
    const reports = await Promise.all([
      doctorRun({ ...common, rules: [quarantineUnhealthy()] }),
      doctorRun({ ...common, rules: [quarantineOnMetric('Cpu')] }),
    ]);
    const detached = await detachedFrom('api-prod');
    expect(detached).toHaveLength(1);
    const done = reports.flatMap((report) =>
      report.actions.filter((action) => action.kind === 'detach-instance' && action.status === 'done'),
    );
    expect(done.map((action) => action.resource)).toEqual(detached);
  });

  it('N runs released together, each finding another instance sick, never quarantine more than maxAtOnce', async () => {
    const sick = seededGroup(sandbox.fleet, 'jobs-prod').instanceIds.slice(0, 5);
    for (const [n, id] of sick.entries()) await breach(`Sick${n}`, id);
    const params = (rules: unknown[]) => ({ group: 'jobs-prod', maxAtOnce: 2, maxPercentAtOnce: 100, rules });
    await Promise.all(sick.map((_, n) => doctorRun(params([quarantineOnMetric(`Sick${n}`)]))));
    const detached = await detachedFrom('jobs-prod');
    expect(detached.length).toBeGreaterThan(0);
    expect(detached.length).toBeLessThanOrEqual(2);
    // Later runs, one after another, count the quarantined (not yet terminated) as under remedy: the group fills up
    // to its allowance and no further.
    for (const n of [0, 1, 2, 3, 4]) await doctorRun(params([quarantineOnMetric(`Sick${n}`)]));
    const after = await detachedFrom('jobs-prod');
    expect(after).toHaveLength(2);
    expect(after).toEqual(expect.arrayContaining(detached));
  });

  it('right before the call, keeps a quarantined instance whose group opts out, or whose tags disagree with the record', async () => {
    // The instance quarantined from api-prod by the entries above: Doctor's record names it.
    const [quarantined] = await detachedFrom('api-prod');
    const action = (group: string) => ({
      kind: 'terminate-quarantined',
      resource: quarantined as string,
      group: null,
      account: MOTO_ACCOUNT,
      region: 'us-east-1',
      zone: null,
      params: { group, graceMs: 0, plannedAt: at(1), owner: null, severity: 'info' },
    });
    const ctx = (eligible: boolean): EffectContext => ({
      clients,
      logger: silentLogger,
      records: { redis, prefix },
      optIn: (group) => ({
        group: group.name,
        monkey: 'doctor',
        eligible,
        reason: 'opted out by simian:doctor=disabled',
      }),
    });
    const reach = terminateQuarantined.reach;
    if (!reach) throw new Error('terminate-quarantined checks its reach');
    expect(await reach([action('api-prod')], ctx(true))).toEqual(new Map());
    expect(await reach([action('api-prod')], ctx(false))).toEqual(
      new Map([[quarantined, 'opted out by simian:doctor=disabled']]),
    );
    expect((await reach([action('web-prod')], ctx(true))).get(quarantined as string)).toBe(
      "Doctor's record says it was quarantined from api-prod, its tags say web-prod: kept",
    );
    const { records: _none, ...withoutRedis } = ctx(true);
    expect((await reach([action('api-prod')], withoutRedis)).get(quarantined as string)).toContain('no Redis');
    expect(await stateOf(quarantined as string)).toBe('running');
  });
});
