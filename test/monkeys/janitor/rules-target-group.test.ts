import { CreateAutoScalingGroupCommand, CreateLaunchConfigurationCommand } from '@aws-sdk/client-auto-scaling';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, it } from 'vitest';
import { defaultNetwork, janitorSandbox, launchInstance, publicImage, tagList, ZONE } from './harness.js';
import { driveRule, OPTED_OUT, OWNED } from './rule-case.js';

const { clients, redis, receiver, target } = janitorSandbox();
let network: { vpcId: string; subnets: string[] };
beforeAll(async () => {
  network = await defaultNetwork(clients);
});

async function targetGroup(name: string, tags: Record<string, string> = OWNED): Promise<string> {
  const made = await clients.elbv2(target).send(
    new CreateTargetGroupCommand({
      Name: name,
      Protocol: 'HTTP',
      Port: 80,
      VpcId: network.vpcId,
      Tags: tagList(tags),
    }),
  );
  return made.TargetGroups?.[0]?.TargetGroupArn as string;
}

async function balancer(name: string): Promise<string> {
  const made = await clients
    .elbv2(target)
    .send(new CreateLoadBalancerCommand({ Name: name, Subnets: network.subnets }));
  return made.LoadBalancers?.[0]?.LoadBalancerArn as string;
}

describe('janitor: unused target groups', () => {
  it('marks, tells and deletes a group nothing sends to; keeps one with targets, in a listener, in a rule only, weighted, or attached to a group', async () => {
    const image = await publicImage(clients);
    const withTarget = await targetGroup('with-target');
    await clients.elbv2(target).send(
      new RegisterTargetsCommand({
        TargetGroupArn: withTarget,
        Targets: [{ Id: await launchInstance(clients, image) }],
      }),
    );

    const alb = await balancer('tg-alb');
    const inListener = await targetGroup('in-listener');
    await clients.elbv2(target).send(
      new CreateListenerCommand({
        LoadBalancerArn: alb,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: inListener }],
      }),
    );
    // A listener that answers by itself by default and forwards only on one path.
    const inRuleOnly = await targetGroup('in-rule-only');
    const weighted = await targetGroup('weighted');
    const answering = await clients.elbv2(target).send(
      new CreateListenerCommand({
        LoadBalancerArn: alb,
        Protocol: 'HTTP',
        Port: 8080,
        DefaultActions: [
          { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' } },
        ],
      }),
    );
    const listener = answering.Listeners?.[0]?.ListenerArn as string;
    await clients.elbv2(target).send(
      new CreateRuleCommand({
        ListenerArn: listener,
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
        Actions: [{ Type: 'forward', TargetGroupArn: inRuleOnly }],
      }),
    );
    await clients.elbv2(target).send(
      new CreateRuleCommand({
        ListenerArn: listener,
        Priority: 20,
        Conditions: [{ Field: 'path-pattern', Values: ['/canary/*'] }],
        Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: weighted, Weight: 1 }] } }],
      }),
    );

    const attached = await targetGroup('attached-to-group');
    await clients.autoScaling(target).send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: 'tg-lc',
        ImageId: image,
        InstanceType: 't3.micro',
      }),
    );
    await clients.autoScaling(target).send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'tg-asg',
        LaunchConfigurationName: 'tg-lc',
        MinSize: 0,
        MaxSize: 1,
        DesiredCapacity: 0,
        AvailabilityZones: [ZONE],
        TargetGroupARNs: [attached],
      }),
    );

    const reused = await targetGroup('then-registered');
    await driveRule(clients, redis, receiver, 'unused-target-group', 'target-group', {
      violating: await targetGroup('unused'),
      conforming: withTarget,
      optedOut: await targetGroup('unused-kept', OPTED_OUT),
      reused,
      inUse: [inListener, inRuleOnly, weighted, attached],
      use: async () => {
        await clients.elbv2(target).send(
          new RegisterTargetsCommand({
            TargetGroupArn: reused,
            Targets: [{ Id: await launchInstance(clients, image) }],
          }),
        );
      },
    });
  });
});
