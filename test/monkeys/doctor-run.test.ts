import {
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  SetInstanceHealthCommand,
} from '@aws-sdk/client-auto-scaling';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTagsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { type GlobalConfig, globalConfigSchema } from '../../core/config/schema.js';
import { alertGatewayFromConfig } from '../../core/notify/from-config.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { MOTO_ACCOUNT, uniquePrefix } from '../support/env.js';
import { seededGroup } from '../support/fleet.js';
import { type Receiver, useReceivers } from '../support/receiver.js';
import { gorillaSandbox, IN_WINDOW, runDeps, silentLogger } from './gorilla-harness.js';

const sandbox = gorillaSandbox({
  region: 'us-east-1',
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  groups: [
    { name: 'web-prod', tags: { 'simian:doctor': 'enabled', owner: 'web@example.com' }, instancesPerZone: 2 },
    { name: 'api-prod', tags: { 'simian:all': 'enabled', owner: 'api@example.com' }, instancesPerZone: 1 },
    { name: 'batch-prod', tags: { 'simian:doctor': 'enabled', owner: 'batch@example.com' }, instancesPerZone: 1 },
    { name: 'db-prod', tags: { owner: 'db@example.com' }, instancesPerZone: 1 },
  ],
  snapshots: 0,
});
const { clients, redis } = sandbox;
let hook: Receiver;
useReceivers(['/doctor'] as const, ([receiver]) => {
  hook = receiver;
});

const RULES = [
  { id: 'asg-unhealthy', source: 'asg-health', remedy: 'quarantine' },
  {
    id: 'status-check-failed',
    source: 'metric',
    metric: 'StatusCheckFailed',
    statistic: 'Maximum',
    comparison: '>=',
    threshold: 1,
    for: '5m',
    remedy: 'replace',
  },
  {
    id: 'cpu-hot',
    source: 'metric',
    metric: 'CPUUtilization',
    comparison: '>',
    threshold: 95,
    for: '15m',
    remedy: 'notify',
  },
  {
    id: 'disk-full',
    source: 'metric',
    namespace: 'CWAgent',
    metric: 'disk_used_percent',
    statistic: 'Maximum',
    comparison: '>',
    threshold: 90,
    for: '5m',
    remedy: 'reboot',
  },
];

const prefix = uniquePrefix('doctor');
function doctorConfig(armed: boolean): GlobalConfig {
  return globalConfigSchema.parse({
    armed,
    accounts: [{ id: MOTO_ACCOUNT }],
    regions: ['us-east-1'],
    redis: { prefix },
    notifications: { webhooks: [{ url: hook.url }], retry: { backoff: 1, maxBackoff: 5, timeout: '2s' } },
  });
}

const asg = () => clients.autoScaling({ region: 'us-east-1' });

/**
 * moto impairs no status check and never replaces an instance marked Unhealthy: the sick instances are made by hand
 * (SetInstanceHealth, PutMetricData), and the tests assert what moto records of the remedies, not a replacement.
 */
interface Sick {
  readonly quarantined: string;
  readonly hot: string;
  readonly failing: string;
  readonly full: string;
  readonly bystander: string;
}

async function makeSick(): Promise<Sick> {
  const fleet = sandbox.fleet;
  const [quarantined] = seededGroup(fleet, 'web-prod').instanceIds;
  const hot = seededGroup(fleet, 'web-prod').instanceIds[1];
  const [failing] = seededGroup(fleet, 'api-prod').instanceIds;
  const [full] = seededGroup(fleet, 'batch-prod').instanceIds;
  const [bystander] = seededGroup(fleet, 'db-prod').instanceIds;
  for (const id of [quarantined, bystander]) {
    await asg().send(new SetInstanceHealthCommand({ InstanceId: id, HealthStatus: 'Unhealthy' }));
  }
  const now = Date.now();
  const point = (namespace: string, name: string, id: string, value: number, minutesAgo: number) =>
    clients.cloudWatch({ region: 'us-east-1' }).send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: [
          {
            MetricName: name,
            Dimensions: [{ Name: 'InstanceId', Value: id }],
            Timestamp: new Date(now - minutesAgo * 60_000),
            Value: value,
          },
        ],
      }),
    );
  await point('AWS/EC2', 'StatusCheckFailed', failing as string, 1, 2);
  for (const minutes of [2, 7, 12]) await point('AWS/EC2', 'CPUUtilization', hot as string, 99, minutes);
  await point('CWAgent', 'disk_used_percent', full as string, 97, 2);
  // A healthy CPU next door: below the threshold, untouched.
  for (const minutes of [2, 7, 12])
    await point('AWS/EC2', 'CPUUtilization', seededGroup(fleet, 'web-prod').instanceIds[2] as string, 40, minutes);
  return { quarantined, hot, failing, full, bystander } as Sick;
}

async function tagsOf(id: string): Promise<Record<string, string>> {
  const answer = await clients
    .ec2({ region: 'us-east-1' })
    .send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }));
  return Object.fromEntries((answer.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
}

async function membership(id: string) {
  const answer = await asg().send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [id] }));
  return answer.AutoScalingInstances?.[0];
}

async function doctorRun(armed: boolean, at = IN_WINDOW) {
  const config = doctorConfig(armed);
  const { deps } = runDeps(config, clients, redis);
  const gateway = alertGatewayFromConfig({ config, clients, redis, events: deps.events, logger: silentLogger });
  const report = await runMonkey(
    { monkey: 'doctor', region: 'us-east-1', params: { rules: RULES, maxAtOnce: 2 }, flagDryRun: !armed },
    { ...deps, clock: fixedClock(at), alerts: gateway },
  );
  await gateway.flush();
  return report;
}

let sickOnes: Sick | undefined;

const lines = (report: { actions: { kind: string; resource: string; status: string }[] }) =>
  report.actions.map((action) => `${action.kind} ${action.resource} ${action.status}`).sort();

describe('doctor on moto', () => {
  it('plans the remedy of each rule, remedies it armed, tells each owner, and leaves the healthy alone', async () => {
    const sick = await makeSick();
    sickOnes = sick;
    const planned = await doctorRun(false);
    expect(lines(planned)).toEqual(
      [
        `detach-instance ${sick.quarantined} planned`,
        `notify-owner ${sick.quarantined} planned`,
        `set-instance-health ${sick.failing} planned`,
        `notify-owner ${sick.failing} planned`,
        `notify-owner ${sick.hot} planned`,
        `reboot-instance ${sick.full} planned`,
        `notify-owner ${sick.full} planned`,
      ].sort(),
    );
    expect(hook.received).toEqual([]); // a dry run tells nobody

    const report = await doctorRun(true);
    expect(lines(report)).toEqual(lines(planned).map((line) => line.replace(/planned$/, 'done')));
    // What moto recorded: the quarantined instance out of its group (tagged), the failing one Unhealthy, marks written.
    expect(await membership(sick.quarantined)).toBeUndefined();
    expect(await tagsOf(sick.quarantined)).toMatchObject({
      'simian:doctor:quarantined-from': 'web-prod',
      'simian:doctor:quarantined-at': new Date(IN_WINDOW).toISOString(),
      'simian:doctor:rule': 'asg-unhealthy',
    });
    expect((await membership(sick.failing))?.HealthStatus?.toUpperCase()).toBe('UNHEALTHY');
    expect(await tagsOf(sick.failing)).toMatchObject({ 'simian:doctor:remedy': 'replace' });
    expect(await tagsOf(sick.full)).toMatchObject({
      'simian:doctor:remedy': 'reboot',
      'simian:doctor:rule': 'disk-full',
    });
    // The group replaced the detached instance (desired kept); the group not opted in kept its Unhealthy one.
    const web = await asg().send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web-prod'] }));
    expect(web.AutoScalingGroups?.[0]?.DesiredCapacity).toBe(6);
    expect(web.AutoScalingGroups?.[0]?.Instances).toHaveLength(6);
    expect((await membership(sick.bystander))?.HealthStatus?.toUpperCase()).toBe('UNHEALTHY');
    const healthy = seededGroup(sandbox.fleet, 'web-prod').instanceIds.slice(2);
    for (const id of healthy) expect((await membership(id))?.HealthStatus?.toUpperCase()).toBe('HEALTHY');

    const received = (await hook.waitFor(4)).map((message) => message.json());
    expect(received.map((body) => [body.resource, body.owner, body.monkey]).sort()).toEqual(
      [
        [sick.quarantined, 'web@example.com', 'doctor'],
        [sick.hot, 'web@example.com', 'doctor'],
        [sick.failing, 'api@example.com', 'doctor'],
        [sick.full, 'batch@example.com', 'doctor'],
      ].sort(),
    );
    expect(received.find((body) => body.resource === sick.hot)?.desc).toContain('CPUUtilization Average > 95 for 15m');
  });

  it('the next run respects the cooldown and the quarantine grace; past the grace the quarantined one goes', async () => {
    // The instances the first test made sick (the tests of this file run in order, on one fleet).
    const sick = sickOnes as Sick;
    const again = await doctorRun(true);
    const guards = Object.fromEntries(again.skipped.map((skip) => [skip.resource, skip.guard]));
    expect(guards[sick.failing]).toBe('doctor-cooldown');
    expect(guards[sick.full]).toBe('doctor-cooldown');
    expect(guards[sick.quarantined]).toBe('doctor-quarantine');
    expect(again.actions.filter((action) => action.kind !== 'notify-owner')).toEqual([]);
    expect(hook.received).toEqual([]); // the hot CPU's notice again: the same incident, deduplicated

    const later = new Date(new Date(IN_WINDOW).getTime() + 25 * 3_600_000).toISOString();
    const disposal = await doctorRun(true, later);
    expect(disposal.actions).toContainEqual(
      expect.objectContaining({
        kind: 'terminate-quarantined',
        resource: sick.quarantined,
        group: null,
        status: 'done',
      }),
    );
    // Its owner is told once it is gone (by the effect, after the termination).
    const notices = hook.received.map((message) => message.json());
    expect(notices).toContainEqual(
      expect.objectContaining({
        resource: sick.quarantined,
        owner: 'web@example.com',
        monkey: 'doctor',
        desc: expect.stringContaining('is terminated: its grace period of 1d is over'),
      }),
    );
  });
});
