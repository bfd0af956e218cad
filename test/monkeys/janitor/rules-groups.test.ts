import {
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLoadBalancerCommand as CreateClassic,
  RegisterInstancesWithLoadBalancerCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  defaultNetwork,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  launchInstance,
  publicImage,
  tagList,
  ZONE,
} from './harness.js';
import { driveRule, OPTED_OUT, OWNED } from './rule-case.js';

const { clients, redis, receiver, target } = janitorSandbox();

async function launchConfiguration(name: string) {
  await clients.autoScaling(target).send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: name,
      ImageId: await publicImage(clients),
      InstanceType: 't3.micro',
    }),
  );
  return name;
}

async function group(name: string, desired: number, tags: Record<string, string>, lc = 'janitor-lc') {
  await clients.autoScaling(target).send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchConfigurationName: lc,
      MinSize: desired,
      MaxSize: Math.max(desired, 1),
      DesiredCapacity: desired,
      AvailabilityZones: [ZONE],
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

async function classic(name: string, tags: Record<string, string>) {
  await clients.elb(target).send(
    new CreateClassic({
      LoadBalancerName: name,
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }],
      AvailabilityZones: [ZONE],
      Tags: tagList(tags),
    }),
  );
  return name;
}

/** An ALB; with `targetGroup`, one listener forwarding to a new target group (whose ARN is returned too). */
async function balancer(name: string, tags: Record<string, string>, withGroup = false) {
  const network = await defaultNetwork(clients);
  const created = await clients
    .elbv2(target)
    .send(new CreateLoadBalancerCommand({ Name: name, Subnets: network.subnets, Tags: tagList(tags) }));
  const arn = created.LoadBalancers?.[0]?.LoadBalancerArn as string;
  if (!withGroup) return { arn, group: undefined };
  const made = await clients
    .elbv2(target)
    .send(new CreateTargetGroupCommand({ Name: `${name}-tg`, Protocol: 'HTTP', Port: 80, VpcId: network.vpcId }));
  const group = made.TargetGroups?.[0]?.TargetGroupArn as string;
  await clients.elbv2(target).send(
    new CreateListenerCommand({
      LoadBalancerArn: arn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: group }],
    }),
  );
  return { arn, group };
}

describe('janitor rules on groups and load balancers', () => {
  beforeAll(async () => {
    await launchConfiguration('janitor-lc');
  });

  it('empty-auto-scaling-group: no instance and desired 0', async () => {
    await driveRule(clients, redis, receiver, 'empty-auto-scaling-group', 'auto-scaling-group', {
      violating: await group('empty-old', 0, OWNED),
      conforming: await group('serving', 1, OWNED),
      optedOut: await group('empty-kept', 0, OPTED_OUT),
      reused: await group('empty-then-scaled', 0, OWNED),
      use: async () => {
        await clients.autoScaling(target).send(
          new UpdateAutoScalingGroupCommand({
            AutoScalingGroupName: 'empty-then-scaled',
            MinSize: 1,
            MaxSize: 1,
            DesiredCapacity: 1,
          }),
        );
      },
    });
  });

  it('idle-classic-load-balancer: no registered instance', async () => {
    const image = await publicImage(clients);
    const serving = await classic('serving-classic', OWNED);
    await clients.elb(target).send(
      new RegisterInstancesWithLoadBalancerCommand({
        LoadBalancerName: serving,
        Instances: [{ InstanceId: await launchInstance(clients, image) }],
      }),
    );
    const reused = await classic('idle-then-used', OWNED);
    await driveRule(clients, redis, receiver, 'idle-classic-load-balancer', 'classic-load-balancer', {
      violating: await classic('idle-classic', OWNED),
      conforming: serving,
      optedOut: await classic('idle-kept', OPTED_OUT),
      reused,
      use: async () => {
        await clients.elb(target).send(
          new RegisterInstancesWithLoadBalancerCommand({
            LoadBalancerName: reused,
            Instances: [{ InstanceId: await launchInstance(clients, image) }],
          }),
        );
      },
    });
  });

  it('idle-load-balancer: no registered target in any of its target groups', async () => {
    const image = await publicImage(clients);
    const serving = await balancer('serving-alb', OWNED, true);
    await clients.elbv2(target).send(
      new RegisterTargetsCommand({
        TargetGroupArn: serving.group,
        Targets: [{ Id: await launchInstance(clients, image) }],
      }),
    );
    const reused = await balancer('idle-then-used-alb', OWNED, true);
    await driveRule(clients, redis, receiver, 'idle-load-balancer', 'load-balancer', {
      violating: (await balancer('idle-alb', OWNED)).arn,
      conforming: serving.arn,
      optedOut: (await balancer('idle-kept-alb', OPTED_OUT)).arn,
      reused: reused.arn,
      use: async () => {
        await clients.elbv2(target).send(
          new RegisterTargetsCommand({
            TargetGroupArn: reused.group,
            Targets: [{ Id: await launchInstance(clients, image) }],
          }),
        );
      },
    });
  });

  it('unused-launch-configuration: reported (AWS cannot tag it), never deleted; one a group uses is not reported', async () => {
    await launchConfiguration('unused-lc');
    const janitor = janitorAt(clients, redis, janitorConfig());
    const report = await janitor.run({
      types: ['launch-configuration', 'auto-scaling-group'],
      rules: { 'unused-launch-configuration': { days: 0 } },
    });
    const reported = (report.findings ?? []).filter((finding) => finding.rule === 'unused-launch-configuration');
    expect(reported.map((finding) => finding.resource)).toEqual(['unused-lc']);
    expect(reported[0]).toMatchObject({ resourceType: 'launch-configuration', severity: 'warning' });
    expect(actionsOf(report, 'delete-launch-configuration')).toEqual([]);
  });
});
