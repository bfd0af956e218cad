import {
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  type CreateLaunchConfigurationCommandInput,
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  ConfigureHealthCheckCommand,
  CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  CreateLoadBalancerCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../core/aws/clients.js';
import { actingAs } from '../../../core/aws/session-tags.js';
import type { Action } from '../../../core/plan/action.js';
import { deleteLaunchConfiguration } from '../../../monkeys/janitor/effects/delete-launch-configuration.js';
import { type JanitorDeletion, readDeletion, writeDeletion } from '../../../monkeys/janitor/effects/janitor-deleted.js';
import { runRestore } from '../../../monkeys/janitor/restore.js';
import { MOTO_ACCOUNT, testClients, uniquePrefix } from '../../support/env.js';
import { silentLogger } from '../gorilla-harness.js';
import {
  balancerWithRule,
  defaultNetwork,
  doneOf,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  publicImage,
  REGION,
  tagList,
  ZONE,
} from './harness.js';
import { dueForDeletion, RESTORE_OWNER } from './restore-case.js';

const { clients, redis, target } = janitorSandbox();
const OWNER = RESTORE_OWNER;

/** The deletion of a launch configuration as a lifecycle kept elsewhere would ask it (the Janitor only reports them). */
function launchConfigurationDeletion(janitor: ReturnType<typeof janitorAt>, name: string): Action {
  const now = janitor.clock.now().toISOString();
  return {
    kind: 'delete-launch-configuration',
    resource: name,
    group: null,
    account: MOTO_ACCOUNT,
    region: REGION,
    zone: null,
    owner: RESTORE_OWNER.owner,
    params: {
      resourceType: 'launch-configuration',
      rule: 'unused-launch-configuration',
      days: 30,
      markedAt: now,
      deleteAfter: now,
      notifiedAt: now,
      notifiedOwner: RESTORE_OWNER.owner,
      plannedAt: now,
    },
  };
}

/**
 * A launch configuration made with `settings`, then deleted through the Janitor's effect (its record written):
 * the Janitor, the record's store and the configuration's name.
 */
async function deletedLaunchConfiguration(
  prefix: string,
  settings: Omit<CreateLaunchConfigurationCommandInput, 'LaunchConfigurationName'>,
) {
  const janitor = janitorAt(clients, redis, janitorConfig());
  const name = uniquePrefix(prefix);
  await clients
    .autoScaling(target)
    .send(new CreateLaunchConfigurationCommand({ LaunchConfigurationName: name, ...settings }));
  const store = { redis, prefix: janitor.deps.config.redis.prefix };
  const [outcome] = await deleteLaunchConfiguration.apply([launchConfigurationDeletion(janitor, name)], {
    clients,
    logger: silentLogger,
    records: store,
    events: janitor.events,
  });
  expect(outcome).toMatchObject({ ok: true });
  return { janitor, store, name };
}

/** An empty group (its launch configuration, sizes, zone and tags) deleted by the Janitor in an armed run. */
async function deletedEmptyGroup(prefix: string) {
  const janitor = janitorAt(clients, redis, janitorConfig());
  const name = uniquePrefix(prefix);
  const lc = `${name}-lc`;
  await clients.autoScaling(target).send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: lc,
      ImageId: await publicImage(clients),
      InstanceType: 't3.micro',
    }),
  );
  await clients.autoScaling(target).send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchConfigurationName: lc,
      MinSize: 0,
      MaxSize: 3,
      DesiredCapacity: 0,
      AvailabilityZones: [ZONE],
      HealthCheckGracePeriod: 120,
      Tags: Object.entries(OWNER).map(([Key, Value]) => ({
        Key,
        Value,
        ResourceId: name,
        ResourceType: 'auto-scaling-group',
        PropagateAtLaunch: Key === 'team',
      })),
    }),
  );
  await dueForDeletion(clients, redis, janitor, name, 'auto-scaling-group', 'empty-auto-scaling-group');
  const deleting = await janitor.run({
    types: ['auto-scaling-group'],
    rules: { 'empty-auto-scaling-group': { days: 0 } },
  });
  expect(doneOf(deleting, 'delete-auto-scaling-group')).toEqual([name]);

  return { janitor, name, lc };
}

type Send = (args: unknown) => Promise<{ output: unknown }>;

/**
 * The Janitor's acting clients (its session view, as the actuator hands them to an effect) answer `command` with
 * `output`, as AWS does where moto differs (an idempotent create answering with what exists).
 */
function answeredAsAws(own: AwsClients, service: 'elb' | 'elbv2', command: string, output: unknown): void {
  const client = own.as(actingAs('janitor'))[service]({ region: REGION, account: MOTO_ACCOUNT });
  const stack = client.middlewareStack as unknown as {
    add(middleware: (next: Send, context: { commandName?: string }) => Send, options: object): void;
  };
  stack.add(
    (next, context) => async (args) => (context.commandName === `${command}Command` ? { output } : next(args)),
    { step: 'initialize', name: `answer${command}AsAws` },
  );
}

describe('janitor restore: groups and load balancers come back from their saved configuration', () => {
  it('an empty group comes back with its launch configuration, sizes, zones and tags (moto: a group of that name, no instance)', async () => {
    const { janitor, name, lc } = await deletedEmptyGroup('empty-group');
    const restored = await runRestore({ resource: name, region: REGION, flagDryRun: false }, janitor.deps);
    expect(restored.actions).toEqual([expect.objectContaining({ kind: 'restore-auto-scaling-group', status: 'done' })]);
    const found = await clients
      .autoScaling(target)
      .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
    const group = found.AutoScalingGroups?.[0];
    expect(group).toMatchObject({
      LaunchConfigurationName: lc,
      MinSize: 0,
      MaxSize: 3,
      DesiredCapacity: 0,
      AvailabilityZones: [ZONE],
      HealthCheckGracePeriod: 120,
    });
    const tags = Object.fromEntries((group?.Tags ?? []).map((tag) => [tag.Key, [tag.Value, tag.PropagateAtLaunch]]));
    expect(tags).toMatchObject({ owner: [OWNER.owner, false], team: ['web', true] });
    expect(Object.keys(tags)).not.toContain('simian:janitor:rule');
  });

  it("a group of that name someone made since, from the same launch configuration, is not the restore's: theirs is left, nothing restored", async () => {
    const { janitor, name, lc } = await deletedEmptyGroup('taken-group');
    const autoScaling = clients.autoScaling(target);
    await autoScaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchConfigurationName: lc,
        MinSize: 0,
        MaxSize: 7,
        AvailabilityZones: [ZONE],
        Tags: [
          { Key: 'simian:janitor:restored-from', Value: name, ResourceId: name, ResourceType: 'auto-scaling-group' },
        ],
      }),
    );
    const restored = await runRestore({ resource: name, region: REGION, flagDryRun: false }, janitor.deps);
    expect(restored.actions).toEqual([
      expect.objectContaining({ status: 'failed', reason: expect.stringContaining('exists already') }),
    ]);
    const store = { redis, prefix: janitor.deps.config.redis.prefix };
    expect((await readDeletion(store, { account: MOTO_ACCOUNT, region: REGION }, name))?.restored).toBeUndefined();
    const theirs = await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
    expect(theirs.AutoScalingGroups?.[0]?.MaxSize).toBe(7);
  });

  it('a balancer of that name someone made before the restore, which AWS answers CreateLoadBalancer with, gets no listener: nothing restored', async () => {
    // AWS answers CreateLoadBalancer with the existing balancer when the name and settings match (moto makes a
    // second one): the restore's clients answer as AWS does, with theirs.
    const own = testClients();
    const janitor = janitorAt(own, redis, janitorConfig());
    const elbv2 = clients.elbv2(target);
    const name = uniquePrefix('taken-alb').slice(0, 28);
    const { balancerArn: arn } = await balancerWithRule(clients, name, { tags: OWNER });
    await dueForDeletion(clients, redis, janitor, arn, 'load-balancer', 'idle-load-balancer');
    const deleting = await janitor.run({ types: ['load-balancer'], rules: { 'idle-load-balancer': { days: 0 } } });
    expect(doneOf(deleting, 'delete-load-balancer')).toEqual([arn]);
    const network = await defaultNetwork(clients);
    const made = await elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: network.subnets }));
    const theirs = made.LoadBalancers?.[0] as LoadBalancer;
    answeredAsAws(own, 'elbv2', 'CreateLoadBalancer', { LoadBalancers: [theirs] });

    const restored = await runRestore({ resource: arn, region: REGION, flagDryRun: false }, janitor.deps);
    own.destroy();
    expect(restored.actions).toEqual([
      expect.objectContaining({ status: 'failed', reason: expect.stringContaining('exists already') }),
    ]);
    const listeners = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: theirs.LoadBalancerArn }));
    expect(listeners.Listeners).toEqual([]);
    const store = { redis, prefix: janitor.deps.config.redis.prefix };
    expect((await readDeletion(store, { account: MOTO_ACCOUNT, region: REGION }, arn))?.restored).toBeUndefined();
  });

  it('a classic balancer comes back with its listener and health check; one AWS answers with that was there before gets neither', async () => {
    const elb = clients.elb(target);
    /** A classic balancer in the zone with one listener and a health check, deleted by the Janitor. */
    const deletedClassic = async (janitor: ReturnType<typeof janitorAt>, prefix: string) => {
      const name = uniquePrefix(prefix).slice(0, 32);
      await elb.send(
        new CreateClassicLoadBalancerCommand({
          LoadBalancerName: name,
          Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 }],
          AvailabilityZones: [ZONE],
          Tags: tagList(OWNER),
        }),
      );
      await elb.send(
        new ConfigureHealthCheckCommand({
          LoadBalancerName: name,
          HealthCheck: {
            Target: 'HTTP:8080/healthz',
            Interval: 15,
            Timeout: 5,
            HealthyThreshold: 2,
            UnhealthyThreshold: 3,
          },
        }),
      );
      await dueForDeletion(clients, redis, janitor, name, 'classic-load-balancer', 'idle-classic-load-balancer');
      const deleting = await janitor.run({
        types: ['classic-load-balancer'],
        rules: { 'idle-classic-load-balancer': { days: 0 } },
      });
      expect(doneOf(deleting, 'delete-classic-load-balancer')).toEqual([name]);
      return name;
    };
    const healthOf = async (name: string) =>
      (await elb.send(new DescribeClassicLoadBalancersCommand({ LoadBalancerNames: [name] })))
        .LoadBalancerDescriptions?.[0]?.HealthCheck?.Target;

    const janitor = janitorAt(clients, redis, janitorConfig());
    const name = await deletedClassic(janitor, 'classic');
    const restored = await runRestore({ resource: name, region: REGION, flagDryRun: false }, janitor.deps);
    expect(restored.actions).toEqual([
      expect.objectContaining({ kind: 'restore-classic-load-balancer', status: 'done' }),
    ]);
    expect(await healthOf(name)).toBe('HTTP:8080/healthz');

    // Someone's of that name and settings, made before the restore: AWS answers CreateLoadBalancer with it (moto
    // refuses the name instead: the Janitor's clients answer as AWS does).
    const own = testClients();
    const other = janitorAt(own, redis, janitorConfig());
    const taken = await deletedClassic(other, 'classic-taken');
    await elb.send(
      new CreateClassicLoadBalancerCommand({
        LoadBalancerName: taken,
        Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 }],
        AvailabilityZones: [ZONE],
      }),
    );
    answeredAsAws(own, 'elb', 'CreateLoadBalancer', { DNSName: `${taken}.elb.amazonaws.com` });
    const refused = await runRestore({ resource: taken, region: REGION, flagDryRun: false }, other.deps);
    own.destroy();
    expect(refused.actions).toEqual([
      expect.objectContaining({ status: 'failed', reason: expect.stringContaining('exists already') }),
    ]);
    expect(await healthOf(taken)).not.toBe('HTTP:8080/healthz');
  });

  it('an idle ALB comes back with its listener, its rule and the same target group, under a new ARN', async () => {
    const janitor = janitorAt(clients, redis, janitorConfig());
    const elbv2 = clients.elbv2(target);
    const name = uniquePrefix('idle').slice(0, 28);
    const { balancerArn: arn, groupArn } = await balancerWithRule(clients, name, { tags: OWNER, targetPort: 8080 });
    await dueForDeletion(clients, redis, janitor, arn, 'load-balancer', 'idle-load-balancer');
    const deleting = await janitor.run({ types: ['load-balancer'], rules: { 'idle-load-balancer': { days: 0 } } });
    expect(doneOf(deleting, 'delete-load-balancer')).toEqual([arn]);

    const restored = await runRestore({ resource: arn, region: REGION, flagDryRun: false }, janitor.deps);
    expect(restored.actions).toEqual([expect.objectContaining({ kind: 'restore-load-balancer', status: 'done' })]);
    const newArn = restored.actions[0]?.details?.restoredAs as string;
    expect(newArn).not.toBe(arn);
    const again = await elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [newArn] }));
    expect(again.LoadBalancers?.[0]?.LoadBalancerName).toBe(name);
    const listeners = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: newArn }));
    expect(listeners.Listeners).toEqual([
      expect.objectContaining({
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [expect.objectContaining({ Type: 'forward', TargetGroupArn: groupArn })],
      }),
    ]);
    const rules = await elbv2.send(
      new DescribeRulesCommand({ ListenerArn: listeners.Listeners?.[0]?.ListenerArn as string }),
    );
    expect(rules.Rules?.filter((rule) => !rule.IsDefault)).toEqual([
      expect.objectContaining({
        Priority: '10',
        Conditions: [expect.objectContaining({ Field: 'path-pattern' })],
        Actions: [expect.objectContaining({ TargetGroupArn: groupArn })],
      }),
    ]);
    expect(restored.actions[0]?.details?.cannot).toContain('DNS name');
  });
  it('a launch configuration deleted through its effect comes back under its name with everything it launched with', async () => {
    const image = await publicImage(clients);
    const autoScaling = clients.autoScaling(target);
    const settings = {
      ImageId: image,
      InstanceType: 't3.small',
      KeyName: 'ops-key',
      SecurityGroups: ['sg-0123456789abcdef0'],
      UserData: Buffer.from('#!/bin/sh\necho hello\n').toString('base64'),
      IamInstanceProfile: 'web-profile',
      InstanceMonitoring: { Enabled: false },
      EbsOptimized: true,
      BlockDeviceMappings: [{ DeviceName: '/dev/xvdb', Ebs: { VolumeSize: 20, VolumeType: 'gp3' as const } }],
      MetadataOptions: {
        HttpTokens: 'required' as const,
        HttpPutResponseHopLimit: 2,
        HttpEndpoint: 'enabled' as const,
      },
    };
    // The Janitor only reports unused launch configurations (AWS cannot tag them): the kind deletes one when asked.
    const { janitor, store, name } = await deletedLaunchConfiguration('lc', settings);
    const described = () =>
      autoScaling.send(new DescribeLaunchConfigurationsCommand({ LaunchConfigurationNames: [name] }));
    expect((await described()).LaunchConfigurations).toEqual([]);
    expect((await readDeletion(store, { account: MOTO_ACCOUNT, region: REGION }, name))?.config).toMatchObject({
      type: 'launch-configuration',
      configuration: { ImageId: image, KeyName: 'ops-key' },
    });

    const restored = await runRestore({ resource: name, region: REGION, flagDryRun: false }, janitor.deps);
    expect(restored.actions).toEqual([
      expect.objectContaining({ kind: 'restore-launch-configuration', status: 'done' }),
    ]);
    expect(restored.actions[0]?.details?.cannot).toMatch(/deleted since.*cannot tag a launch configuration/s);
    const [again] = (await described()).LaunchConfigurations ?? [];
    expect(again).toMatchObject({
      LaunchConfigurationName: name,
      ...settings,
      BlockDeviceMappings: [
        expect.objectContaining({ DeviceName: '/dev/xvdb', Ebs: expect.objectContaining({ VolumeSize: 20 }) }),
      ],
    });
    const twice = await runRestore({ resource: name, region: REGION, flagDryRun: false }, janitor.deps);
    expect(twice.actions).toEqual([expect.objectContaining({ status: 'done', reason: 'already done' })]);
  });

  // No tag can say who made a launch configuration: one of that name made since by someone else is never taken for
  // the restore's, whether it launches something else or the same image and type (the record decides).
  it.each([
    { theirs: { InstanceType: 'm5.large' }, what: 'another instance type' },
    { theirs: { KeyName: 'their-key' }, what: 'the same image and type, with a key of their own' },
  ])(
    "a launch configuration of that name made since by someone else, with $what, is not the restore's",
    async ({ theirs }) => {
      const settings = { ImageId: await publicImage(clients), InstanceType: 't3.small' };
      const { janitor, store, name } = await deletedLaunchConfiguration('lc-taken', settings);
      const autoScaling = clients.autoScaling(target);
      await autoScaling.send(
        new CreateLaunchConfigurationCommand({ LaunchConfigurationName: name, ...settings, ...theirs }),
      );
      const restored = await runRestore({ resource: name, region: REGION, flagDryRun: false }, janitor.deps);
      expect(restored.actions).toEqual([
        expect.objectContaining({ status: 'failed', reason: expect.stringContaining('exists already') }),
      ]);
      expect((await readDeletion(store, { account: MOTO_ACCOUNT, region: REGION }, name))?.restored).toBeUndefined();
      // Theirs stays as they made it (moto would overwrite it where AWS refuses: the restore reads first).
      const described = await autoScaling.send(
        new DescribeLaunchConfigurationsCommand({ LaunchConfigurationNames: [name] }),
      );
      expect(described.LaunchConfigurations?.[0]).toMatchObject(theirs);
    },
  );

  it('a restore whose answer was lost takes the one AWS made since it asked, and launching the same, for its own', async () => {
    const settings = { ImageId: await publicImage(clients), InstanceType: 't3.small', KeyName: 'ops-key' };
    const { janitor, store, name } = await deletedLaunchConfiguration('lc-lost', settings);
    const account = { account: MOTO_ACCOUNT, region: REGION };
    const deletion = await readDeletion(store, account, name);
    // The restore asked (its record says when), AWS made it, and the answer never came back.
    await writeDeletion(store, {
      ...(deletion as JanitorDeletion),
      creating: { at: new Date(Date.now() - 1000).toISOString() },
    });
    await clients
      .autoScaling(target)
      .send(new CreateLaunchConfigurationCommand({ LaunchConfigurationName: name, ...settings }));
    const restored = await runRestore({ resource: name, region: REGION, flagDryRun: false }, janitor.deps);
    expect(restored.actions).toEqual([
      expect.objectContaining({ kind: 'restore-launch-configuration', status: 'done' }),
    ]);
    expect((await readDeletion(store, account, name))?.restored).toMatchObject({ id: name });
  });
});
