import {
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  PutLifecycleHookCommand,
  PutScheduledUpdateGroupActionCommand,
  PutWarmPoolCommand,
} from '@aws-sdk/client-auto-scaling';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  CreateLaunchTemplateCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateTagsCommand,
  ModifyInstanceAttributeCommand,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand as CreateClassic } from '@aws-sdk/client-elastic-load-balancing';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  type Action as ListenerAction,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../core/plan/action.js';
import { buildUseIndex, usesOf } from '../../../monkeys/janitor/uses.js';
import { type JanitorType, readWorld } from '../../../monkeys/janitor/world.js';
import { MOTO_ACCOUNT, testClients } from '../../support/env.js';
import {
  createImage,
  createSnapshot,
  createVolume,
  defaultNetwork,
  doneOf,
  dueMark,
  ec2,
  expectReportedUnreadable,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  janitorTags,
  launchInstance,
  publicImage,
  REGION,
  snapshotExists,
  tagList,
  ZONE,
} from './harness.js';
import { accessFor } from './typed-resources.js';

const { clients, redis, receiver, target } = janitorSandbox();
const OWNER: Record<string, string> = { owner: 'erin@example.com' };
const UNCAPPED = { maxDeletionsPerRun: 100, maxDeletionsPerType: 100, maxPercentPerType: 100 };

/**
 * The real lifecycle with every period at 0: seen (the state rules' clock starts), a day on marked and the owner's
 * digest delivered, ten days on deleted. Answers the three runs' reports.
 */
async function walk(params: Record<string, unknown>): Promise<RunReport[]> {
  const janitor = janitorAt(clients, redis, janitorConfig(receiver.url));
  const full = { ...UNCAPPED, ...params };
  const reports = [await janitor.run(full)];
  janitor.days(1);
  reports.push(await janitor.run(full));
  janitor.days(10);
  reports.push(await janitor.run(full));
  for (const report of reports) expect(report.refused).toBeUndefined();
  return reports;
}

/** Every one of `kept` still exists and carries no mark; every one of `gone` was deleted. */
async function expectKept(type: JanitorType, kept: readonly string[], gone: readonly string[] = []) {
  const access = accessFor(clients, type);
  for (const id of kept) {
    expect({ id, exists: await access.exists(id) }).toEqual({ id, exists: true });
    expect({ id, rule: (await access.tags(id))['simian:janitor:rule'] }).toEqual({ id, rule: undefined });
  }
  for (const id of gone) expect({ id, exists: await access.exists(id) }).toEqual({ id, exists: false });
}

async function alb(name: string, actions?: ListenerAction[]) {
  const network = await defaultNetwork(clients);
  const created = await clients
    .elbv2(target)
    .send(new CreateLoadBalancerCommand({ Name: name, Subnets: network.subnets, Tags: tagList(OWNER) }));
  const arn = created.LoadBalancers?.[0]?.LoadBalancerArn as string;
  if (actions) {
    await clients
      .elbv2(target)
      .send(new CreateListenerCommand({ LoadBalancerArn: arn, Protocol: 'HTTP', Port: 80, DefaultActions: actions }));
  }
  return arn;
}

async function targetGroup(name: string) {
  const network = await defaultNetwork(clients);
  const made = await clients
    .elbv2(target)
    .send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: network.vpcId }));
  return made.TargetGroups?.[0]?.TargetGroupArn as string;
}

async function classic(name: string) {
  await clients.elb(target).send(
    new CreateClassic({
      LoadBalancerName: name,
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }],
      AvailabilityZones: [ZONE],
      Tags: tagList(OWNER),
    }),
  );
  return name;
}

async function emptyGroup(name: string, extra: { targetGroups?: string[]; classics?: string[] } = {}, tags = OWNER) {
  await clients.autoScaling(target).send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchConfigurationName: 'uses-lc',
      MinSize: 0,
      MaxSize: 2,
      DesiredCapacity: 0,
      AvailabilityZones: [ZONE],
      ...(extra.targetGroups ? { TargetGroupARNs: extra.targetGroups } : {}),
      ...(extra.classics ? { LoadBalancerNames: extra.classics } : {}),
      Tags: tagList(tags).map((tag) => ({
        ...tag,
        ResourceId: name,
        ResourceType: 'auto-scaling-group',
        PropagateAtLaunch: false,
      })),
    }),
  );
  return name;
}

describe('janitor never deletes what is in use (issue 22 items 1–6, walked through the real lifecycle)', () => {
  it('keeps an ALB whose only listener redirects HTTP to HTTPS, and one answering a maintenance page', async () => {
    const redirecting = await alb('redirect-only', [
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
    ]);
    const maintenance = await alb('maintenance', [
      {
        Type: 'fixed-response',
        FixedResponseConfig: { StatusCode: '503', ContentType: 'text/plain', MessageBody: 'back soon' },
      },
    ]);
    const idle = await alb('no-listener');
    const reports = await walk({ types: ['load-balancer'], rules: { 'idle-load-balancer': { days: 0 } } });
    expect(doneOf(reports[2] as RunReport, 'delete-load-balancer')).toEqual([idle]);
    await expectKept('load-balancer', [redirecting, maintenance], [idle]);
  });

  it('keeps an AMI that a launch template reaches through resolve:ssm:, and one an SSM parameter holds', async () => {
    const instance = await launchInstance(clients, await publicImage(clients));
    const golden = await createImage(clients, instance, 'golden', OWNER);
    const previous = await createImage(clients, instance, 'golden-previous', OWNER);
    const unused = await createImage(clients, instance, 'unused', OWNER);
    const ssm = clients.ssm(target);
    await ssm.send(new PutParameterCommand({ Name: '/golden/ami/latest', Value: golden, Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/golden/ami/previous', Value: previous, Type: 'String' }));
    await ec2(clients).send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'through-ssm',
        LaunchTemplateData: { ImageId: 'resolve:ssm:/golden/ami/latest' },
      }),
    );
    const reports = await walk({ types: ['image'], rules: { 'unused-image': { days: 0 } } });
    expect(doneOf(reports[2] as RunReport, 'deregister-image')).toEqual([unused]);
    await expectKept('image', [golden, previous], [unused]);
  });

  it('orphaned-instance is off by default: a standalone running instance survives the lifecycle', async () => {
    const standalone = await launchInstance(clients, await publicImage(clients), OWNER);
    const reports = await walk({ types: ['instance'] });
    expect(reports.flatMap((report) => doneOf(report, 'terminate-instance'))).not.toContain(standalone);
    await expectKept('instance', [standalone]);
  });

  it('orphaned-instance, when on, keeps a NAT instance, an Elastic IP holder, a protected and a busy instance', async () => {
    const image = await publicImage(clients);
    const [nat, addressed, protectedOne, busy, bare] = [
      await launchInstance(clients, image, OWNER),
      await launchInstance(clients, image, OWNER),
      await launchInstance(clients, image, OWNER),
      await launchInstance(clients, image, OWNER),
      await launchInstance(clients, image, OWNER),
    ];
    const { vpcId } = await defaultNetwork(clients);
    const table = await ec2(clients).send(new CreateRouteTableCommand({ VpcId: vpcId }));
    await ec2(clients).send(
      new CreateRouteCommand({
        RouteTableId: table.RouteTable?.RouteTableId as string,
        DestinationCidrBlock: '0.0.0.0/0',
        InstanceId: nat,
      }),
    );
    const address = await ec2(clients).send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await ec2(clients).send(
      new AssociateAddressCommand({ AllocationId: address.AllocationId as string, InstanceId: addressed }),
    );
    await ec2(clients).send(
      new ModifyInstanceAttributeCommand({ InstanceId: protectedOne, DisableApiTermination: { Value: true } }),
    );
    await clients.cloudWatch(target).send(
      new PutMetricDataCommand({
        Namespace: 'AWS/EC2',
        MetricData: [
          {
            MetricName: 'CPUUtilization',
            Dimensions: [{ Name: 'InstanceId', Value: busy }],
            Value: 63,
            Unit: 'Percent',
            Timestamp: new Date(),
          },
        ],
      }),
    );
    const reports = await walk({
      types: ['instance'],
      rules: { 'orphaned-instance': { enabled: true, days: 0 } },
    });
    // Earlier tests' standalone instances in this moto go too: what matters is which of these went.
    const terminated = doneOf(reports[2] as RunReport, 'terminate-instance');
    expect([nat, addressed, protectedOne, busy, bare].filter((id) => terminated.includes(id))).toEqual([bare]);
    await expectKept('instance', [nat, addressed, protectedOne, busy], [bare]);
    // Each kept for its own use, as the action-time check reads them.
    const index = buildUseIndex(await readWorld(clients.readOnly(), target));
    expect(usesOf(index, nat).join()).toContain('0.0.0.0/0 goes through it');
    expect(usesOf(index, addressed).join()).toContain('elastic IP');
    expect(usesOf(index, protectedOne).join()).toContain('termination protection');
    expect(usesOf(index, busy).join()).toContain('CPUUtilization maximum 63');
  });

  it('never deletes a snapshot shared with another account or public: reported instead', async () => {
    const volume = await createVolume(clients);
    const [shared, open, unused] = [
      await createSnapshot(clients, volume, OWNER),
      await createSnapshot(clients, volume, OWNER),
      await createSnapshot(clients, volume, OWNER),
    ];
    await ec2(clients).send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: shared,
        Attribute: 'createVolumePermission',
        OperationType: 'add',
        UserIds: ['111122223333'],
      }),
    );
    await ec2(clients).send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: open,
        Attribute: 'createVolumePermission',
        OperationType: 'add',
        GroupNames: ['all'],
      }),
    );
    const reports = await walk({ types: ['snapshot'], rules: { 'unused-snapshot': { days: 0 } } });
    expect(doneOf(reports[2] as RunReport, 'delete-snapshot')).toEqual([unused]);
    await expectKept('snapshot', [shared, open], [unused]);
    expect(reports[0]?.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'snapshot-shared',
          resource: shared,
          details: expect.objectContaining({ sharedWith: ['111122223333'] }),
        }),
        expect.objectContaining({ rule: 'snapshot-shared', resource: open }),
      ]),
    );
  });

  it('keeps an environment scaled to zero: its group (scheduled to scale up), its ALB, its classic ELB', async () => {
    await clients.autoScaling(target).send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: 'uses-lc',
        ImageId: await publicImage(clients),
        InstanceType: 't3.micro',
      }),
    );
    const group = await targetGroup('nightly-tg');
    const balancer = await alb('nightly-alb', [{ Type: 'forward', TargetGroupArn: group }]);
    const nightlyClassic = await classic('nightly-classic');
    const nightly = await emptyGroup('nightly', { targetGroups: [group], classics: [nightlyClassic] });
    await clients.autoScaling(target).send(
      new PutScheduledUpdateGroupActionCommand({
        AutoScalingGroupName: nightly,
        ScheduledActionName: 'wake-up',
        Recurrence: '0 2 * * *',
        DesiredCapacity: 2,
      }),
    );
    const warm = await emptyGroup('warm-pooled');
    await clients.autoScaling(target).send(new PutWarmPoolCommand({ AutoScalingGroupName: warm, MinSize: 1 }));
    const hooked = await emptyGroup('hooked');
    await clients.autoScaling(target).send(
      new PutLifecycleHookCommand({
        AutoScalingGroupName: hooked,
        LifecycleHookName: 'drain',
        LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
      }),
    );
    // The group behind this classic ELB is opted out: it is still the balancer's user.
    const keptClassic = await classic('kept-classic');
    await emptyGroup('kept-env', { classics: [keptClassic] }, { ...OWNER, 'simian:janitor': 'disabled' });
    const emptied = await emptyGroup('really-empty');
    const idleClassic = await classic('idle-classic');

    const reports = await walk({
      types: ['auto-scaling-group', 'load-balancer', 'classic-load-balancer'],
      rules: {
        'empty-auto-scaling-group': { days: 0 },
        'idle-load-balancer': { days: 0 },
        'idle-classic-load-balancer': { days: 0 },
      },
    });
    const last = reports[2] as RunReport;
    expect(doneOf(last, 'delete-auto-scaling-group')).toEqual([emptied]);
    expect(doneOf(last, 'delete-classic-load-balancer')).toEqual([idleClassic]);
    expect(doneOf(last, 'delete-load-balancer')).toEqual([]);
    await expectKept('auto-scaling-group', [nightly, warm, hooked], [emptied]);
    await expectKept('load-balancer', [balancer]);
    await expectKept('classic-load-balancer', [nightlyClassic, keptClassic], [idleClassic]);
  });

  it('every opt-out spelling spares: simian:janitor off/no/keep, simian:all disabled', async () => {
    const spellings: Record<string, string>[] = [
      { 'simian:janitor': 'off' },
      { 'simian:janitor': 'no' },
      { 'simian:janitor': 'keep' },
      { 'simian:all': 'disabled' },
      { 'SIMIAN:ALL': 'False' },
    ];
    const spared: string[] = [];
    for (const tags of spellings) spared.push(await createVolume(clients, { ...OWNER, ...tags }));
    const plain = await createVolume(clients, OWNER);
    const reports = await walk({
      types: ['volume'],
      rules: { 'detached-volume': { days: 0 } },
      snapshotBeforeDelete: false,
    });
    expect(doneOf(reports[2] as RunReport, 'delete-volume')).toEqual([plain]);
    await expectKept('volume', spared, [plain]);
    const reasons = (reports[0] as RunReport).skipped.filter((skip) => spared.includes(skip.resource));
    expect(reasons.map((skip) => skip.reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unreadable value simian:janitor=off .*spares it/),
        expect.stringMatching(/unreadable value simian:janitor=keep .*spares it/),
        expect.stringContaining('opted out by simian:all=disabled'),
        expect.stringContaining('opted out by SIMIAN:ALL=False'),
      ]),
    );
  });

  it('keeps and reports a snapshot whose sharing could not be read (refusal injected in the SDK: moto never refuses a read)', async () => {
    const faulty = testClients();
    const reader = faulty.readOnly().ec2({ region: REGION, account: MOTO_ACCOUNT });
    reader.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'DescribeSnapshotAttributeCommand') {
          const refused = new Error('You are not authorized to perform ec2:DescribeSnapshotAttribute');
          throw Object.assign(refused, { name: 'UnauthorizedOperation' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'refuseSnapshotAttribute' },
    );
    const janitor = janitorAt(faulty, redis, janitorConfig(receiver.url));
    const snapshot = await createSnapshot(clients, await createVolume(clients), OWNER);
    await ec2(clients).send(
      new CreateTagsCommand({ Resources: [snapshot], Tags: tagList(dueMark('unused-snapshot', janitor.clock.now())) }),
    );
    const report = await janitor.run({ ...UNCAPPED, types: ['snapshot'], rules: { 'unused-snapshot': { days: 0 } } });
    faulty.destroy();
    expect(doneOf(report, 'delete-snapshot')).not.toContain(snapshot);
    expect(await snapshotExists(clients, snapshot)).toBe(true);
    expectReportedUnreadable(report, snapshot, 'UnauthorizedOperation');
    expect(await janitorTags(clients, snapshot)).toEqual({});
  });
});
