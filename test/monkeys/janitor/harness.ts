import {
  AttachVolumeCommand,
  CreateImageCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { Redis } from 'ioredis';
import { afterAll, expect } from 'vitest';
import { unpaced } from '../../../core/actuator/pacer.js';
import type { AwsClients } from '../../../core/aws/clients.js';
import { fixedClock } from '../../../core/clock.js';
import { type GlobalConfig, globalConfigSchema } from '../../../core/config/schema.js';
import { MemoryEventSink } from '../../../core/events/event.js';
import type { RunReport } from '../../../core/plan/action.js';
import type { RunDeps } from '../../../core/run/run-request.js';
import { ALWAYS_OPEN_CALENDAR } from '../../../core/sandbox/always-open-calendar.js';
import { writeMarkRecords } from '../../../monkeys/janitor/effects/janitor-record.js';
import type { JanitorResourceType } from '../../../monkeys/janitor/effects/janitor-types.js';
import { runDeclared } from '../../../monkeys/run-by-name.js';
import { MOTO_ACCOUNT, testClients, testRedis, uniquePrefix } from '../../support/env.js';
import { useReceiver } from '../../support/receiver.js';
import { silentLogger } from '../gorilla-harness.js';

export const REGION = 'us-east-1';
export const ZONE = 'us-east-1a';
export const DAY = 86_400_000;

/** Armed, the moto account, a calendar open every hour of every day (UTC), owners' digests to one webhook. */
export function janitorConfig(webhookUrl?: string, overrides: Record<string, unknown> = {}): GlobalConfig {
  return globalConfigSchema.parse({
    armed: true,
    accounts: [{ id: MOTO_ACCOUNT }],
    regions: [REGION],
    calendar: ALWAYS_OPEN_CALENDAR,
    redis: { prefix: uniquePrefix('janitor') },
    notifications: {
      retry: { backoff: 1, maxBackoff: 5, timeout: '2s' },
      ...(webhookUrl ? { webhooks: [{ name: 'owners', url: webhookUrl }] } : {}),
    },
    ...overrides,
  });
}

/**
 * One file's sandbox: the run's moto and Redis (closed after the file), the test region as a target, and a webhook
 * receiver for the owners' digests (started before the file's tests, its requests kept over the whole file).
 */
export function janitorSandbox() {
  const clients = testClients();
  const redis = testRedis();
  const receiver = useReceiver();
  afterAll(async () => {
    await redis.quit();
    clients.destroy();
  });
  return { clients, redis, receiver, target: { region: REGION } };
}

/** The region's default VPC and (up to) two of its subnets, as moto makes them. */
export async function defaultNetwork(clients: AwsClients): Promise<{ vpcId: string; subnets: string[] }> {
  const vpcs = await ec2(clients).send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
  );
  const vpcId = vpcs.Vpcs?.[0]?.VpcId as string;
  const subnets = await ec2(clients).send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
  );
  return { vpcId, subnets: (subnets.Subnets ?? []).slice(0, 2).map((subnet) => subnet.SubnetId as string) };
}

/**
 * An ALB in the default network forwarding to a target group of its own: a listener on port 80 and one path rule
 * (`/api/*`, priority 10) to that group, as a service behind a balancer has them.
 */
export async function balancerWithRule(
  clients: AwsClients,
  name: string,
  options: { tags?: Record<string, string>; targetPort?: number } = {},
): Promise<{ balancerArn: string; groupArn: string }> {
  const { CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand } =
    await import('@aws-sdk/client-elastic-load-balancing-v2');
  const network = await defaultNetwork(clients);
  const elbv2 = clients.elbv2({ region: REGION });
  const made = await elbv2.send(
    new CreateLoadBalancerCommand({
      Name: name,
      Subnets: network.subnets,
      ...(options.tags ? { Tags: tagList(options.tags) } : {}),
    }),
  );
  const balancerArn = made.LoadBalancers?.[0]?.LoadBalancerArn as string;
  const group = await elbv2.send(
    new CreateTargetGroupCommand({
      Name: `${name}-tg`.slice(0, 32),
      Protocol: 'HTTP',
      Port: options.targetPort ?? 80,
      VpcId: network.vpcId,
    }),
  );
  const groupArn = group.TargetGroups?.[0]?.TargetGroupArn as string;
  const listener = await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: balancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: groupArn }],
    }),
  );
  await elbv2.send(
    new CreateRuleCommand({
      ListenerArn: listener.Listeners?.[0]?.ListenerArn as string,
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
      Actions: [{ Type: 'forward', TargetGroupArn: groupArn }],
    }),
  );
  return { balancerArn, groupArn };
}

/**
 * A janitor that runs on an injected clock: `run(params)` is one armed run (or a dry run) at the clock's time, and
 * `days(n)` moves the clock on (creation times in moto are real, so ages grow with the clock).
 */
export function janitorAt(
  clients: AwsClients,
  redis: Redis,
  config: GlobalConfig,
  // A day on by default: what a test creates after making its janitor is still older than 0 days.
  start = new Date(Date.now() + DAY),
) {
  const clock = fixedClock(start);
  const events = new MemoryEventSink();
  const deps: RunDeps = { config, clients, redis, events, clock, logger: silentLogger, pacer: unpaced };
  return {
    clock,
    events,
    deps,
    run: (params: Record<string, unknown> = {}, options: { dryRun?: boolean; confirm?: RunDeps['confirm'] } = {}) =>
      runDeclared(
        { monkey: 'janitor', region: REGION, params, flagDryRun: options.dryRun ?? false, manual: true },
        { ...deps, ...(options.confirm ? { confirm: options.confirm } : {}) },
      ),
    days: (n: number) => clock.advance(n * DAY),
  };
}

export const ec2 = (clients: AwsClients) => clients.ec2({ region: REGION });

/** Tags as the EC2, Auto Scaling, ELB and RDS APIs take them: `[{ Key, Value }]`. */
export function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** An image moto offers to launch from (Amazon's, not the account's: Janitor never sees it). */
export async function publicImage(clients: AwsClients): Promise<string> {
  const found = await ec2(clients).send(
    new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-2.0.20180810-x86_64-gp2'] }] }),
  );
  const id = found.Images?.[0]?.ImageId;
  if (!id) throw new Error('moto offers no image to launch from');
  return id;
}

export async function launchInstance(clients: AwsClients, imageId: string, tags: Record<string, string> = {}) {
  const answer = await ec2(clients).send(
    new RunInstancesCommand({
      ImageId: imageId,
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.micro',
      Placement: { AvailabilityZone: ZONE },
      ...(Object.keys(tags).length > 0
        ? { TagSpecifications: [{ ResourceType: 'instance', Tags: tagList(tags) }] }
        : {}),
    }),
  );
  return answer.Instances?.[0]?.InstanceId as string;
}

export async function createVolume(clients: AwsClients, tags: Record<string, string> = {}) {
  const answer = await ec2(clients).send(
    new CreateVolumeCommand({
      AvailabilityZone: ZONE,
      Size: 1,
      ...(Object.keys(tags).length > 0 ? { TagSpecifications: [{ ResourceType: 'volume', Tags: tagList(tags) }] } : {}),
    }),
  );
  return answer.VolumeId as string;
}

export async function attachVolume(clients: AwsClients, volumeId: string, instanceId: string) {
  await ec2(clients).send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device: '/dev/sdf' }));
}

export async function createSnapshot(clients: AwsClients, volumeId: string, tags: Record<string, string> = {}) {
  const answer = await ec2(clients).send(
    new CreateSnapshotCommand({
      VolumeId: volumeId,
      ...(Object.keys(tags).length > 0
        ? { TagSpecifications: [{ ResourceType: 'snapshot', Tags: tagList(tags) }] }
        : {}),
    }),
  );
  return answer.SnapshotId as string;
}

/** An AMI of the account, made from an instance (its block device mappings name a snapshot). */
export async function createImage(
  clients: AwsClients,
  instanceId: string,
  name: string,
  tags: Record<string, string> = {},
) {
  const answer = await ec2(clients).send(new CreateImageCommand({ InstanceId: instanceId, Name: name }));
  const imageId = answer.ImageId as string;
  if (Object.keys(tags).length > 0) await setTags(clients, imageId, tags);
  return imageId;
}

export async function imageSnapshots(clients: AwsClients, imageId: string): Promise<string[]> {
  const found = await ec2(clients).send(new DescribeImagesCommand({ ImageIds: [imageId] }));
  return (found.Images?.[0]?.BlockDeviceMappings ?? []).flatMap((mapping) => mapping.Ebs?.SnapshotId ?? []);
}

export async function setTags(clients: AwsClients, id: string, tags: Record<string, string>) {
  await ec2(clients).send(new CreateTagsCommand({ Resources: [id], Tags: tagList(tags) }));
}

/** The tags EC2 holds for one resource now. */
export async function tagsOf(clients: AwsClients, id: string): Promise<Record<string, string>> {
  const answer = await ec2(clients).send(
    new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }], MaxResults: 100 }),
  );
  return Object.fromEntries((answer.Tags ?? []).map((tag) => [tag.Key as string, tag.Value as string]));
}

/** Only the Janitor's lifecycle tags. */
export async function janitorTags(clients: AwsClients, id: string): Promise<Record<string, string>> {
  const tags = await tagsOf(clients, id);
  return Object.fromEntries(Object.entries(tags).filter(([key]) => key.startsWith('simian:janitor:')));
}

export async function volumeExists(clients: AwsClients, volumeId: string): Promise<boolean> {
  const answer = await ec2(clients).send(
    new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: [volumeId] }] }),
  );
  return (answer.Volumes ?? []).some((volume) => volume.State !== 'deleted' && volume.State !== 'deleting');
}

export async function snapshotExists(clients: AwsClients, snapshotId: string): Promise<boolean> {
  const answer = await ec2(clients).send(
    new DescribeSnapshotsCommand({ Filters: [{ Name: 'snapshot-id', Values: [snapshotId] }] }),
  );
  return (answer.Snapshots ?? []).length > 0;
}

export async function imageExists(clients: AwsClients, imageId: string): Promise<boolean> {
  const answer = await ec2(clients).send(
    new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: [imageId] }] }),
  );
  return (answer.Images ?? []).some((image) => image.State !== 'deregistered');
}

/** A mark as a run long ago would have left it: due now (dates in the past, owner told a week ago). */
export function dueMark(rule: string, now: Date): Record<string, string> {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();
  return {
    'simian:janitor:rule': rule,
    'simian:janitor:marked-at': at(10),
    'simian:janitor:delete-after': at(3),
    'simian:janitor:notified-at': at(7),
  };
}

/**
 * A due mark as a run long ago would have left it, on the resource and in the Janitor's record alike (owner told:
 * the resource's owner tag, as the run that told them read it).
 */
export async function recordedDueMark(
  clients: AwsClients,
  janitor: { readonly deps: RunDeps; readonly clock: { now(): Date } },
  id: string,
  resourceType: JanitorResourceType,
  rule: string,
): Promise<void> {
  const tags = dueMark(rule, janitor.clock.now());
  await setTags(clients, id, tags);
  const owner = (await tagsOf(clients, id)).owner ?? null;
  const redis = janitor.deps.redis as Redis;
  await writeMarkRecords({ redis, prefix: janitor.deps.config.redis.prefix }, [
    {
      account: MOTO_ACCOUNT,
      region: REGION,
      resource: id,
      resourceType,
      rule,
      markedAt: tags['simian:janitor:marked-at'] as string,
      deleteAfter: tags['simian:janitor:delete-after'] as string,
      owner,
      notifiedOwner: owner,
      notifiedAt: tags['simian:janitor:notified-at'] as string,
    },
  ]);
}

/** The report's actions of one kind, by resource. */
export function actionsOf(report: RunReport, kind: string): string[] {
  return report.actions.filter((action) => action.kind === kind).map((action) => action.resource);
}

/** Resources an action of this kind was done on (once each: a run marks, then records the notice). */
export function doneOf(report: RunReport, kind: string): string[] {
  return [
    ...new Set(
      report.actions
        .filter((action) => action.kind === kind && action.status === 'done')
        .map((action) => action.resource),
    ),
  ];
}

/** The run kept `resource` because a read of its uses failed with `code`, and said so: a warning finding. */
export function expectReportedUnreadable(report: RunReport, resource: string, code: string): void {
  expect(report.findings).toContainEqual(
    expect.objectContaining({
      rule: 'uses-unreadable',
      resource,
      severity: 'warning',
      reason: expect.stringContaining(code),
    }),
  );
}
