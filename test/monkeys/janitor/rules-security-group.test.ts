import { CreateLaunchConfigurationCommand } from '@aws-sdk/client-auto-scaling';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateLaunchTemplateCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultNetwork, ec2, janitorSandbox, janitorTags, publicImage, tagList } from './harness.js';
import { driveRule, OPTED_OUT, OWNED } from './rule-case.js';

const { clients, redis, receiver, target } = janitorSandbox();
let network: { vpcId: string; subnets: string[] };
beforeAll(async () => {
  network = await defaultNetwork(clients);
});

async function securityGroup(name: string, tags: Record<string, string> = OWNED): Promise<string> {
  const made = await ec2(clients).send(
    new CreateSecurityGroupCommand({
      GroupName: name,
      Description: name,
      VpcId: network.vpcId,
      TagSpecifications: [{ ResourceType: 'security-group', Tags: tagList(tags) }],
    }),
  );
  return made.GroupId as string;
}

/** A detached interface holding the group (as a database's, a function's or a stopped service's would). */
async function interfaceWith(groupId: string): Promise<void> {
  await ec2(clients).send(new CreateNetworkInterfaceCommand({ SubnetId: network.subnets[0], Groups: [groupId] }));
}

async function allowFrom(groupId: string, source: string): Promise<void> {
  await ec2(clients).send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: source }] }],
    }),
  );
}

describe('janitor: unused security groups', () => {
  it('marks, tells and deletes a group nothing names; keeps every group an interface, rule, template, configuration or balancer names', async () => {
    const image = await publicImage(clients);
    const onInterface = await securityGroup('on-interface');
    await interfaceWith(onInterface);

    // Named only by another group's rule (that group itself is on an interface, so in use).
    const inRule = await securityGroup('in-a-rule');
    const referrer = await securityGroup('referrer');
    await interfaceWith(referrer);
    await allowFrom(referrer, inRule);

    const inTemplate = await securityGroup('in-template');
    const inTemplateByName = await securityGroup('in-template-by-name');
    await ec2(clients).send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'web-template',
        LaunchTemplateData: { ImageId: image, SecurityGroupIds: [inTemplate] },
      }),
    );
    await ec2(clients).send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'web-template-by-name',
        LaunchTemplateData: { ImageId: image, SecurityGroups: ['in-template-by-name'] },
      }),
    );

    const inConfiguration = await securityGroup('in-configuration');
    await clients.autoScaling(target).send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: 'web-lc',
        ImageId: image,
        InstanceType: 't3.micro',
        SecurityGroups: [inConfiguration],
      }),
    );

    const onBalancer = await securityGroup('on-balancer');
    await clients
      .elbv2(target)
      .send(new CreateLoadBalancerCommand({ Name: 'sg-alb', Subnets: network.subnets, SecurityGroups: [onBalancer] }));

    const defaults = await ec2(clients).send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }),
    );
    const defaultGroup = defaults.SecurityGroups?.[0]?.GroupId as string;

    const reused = await securityGroup('then-referenced');
    await driveRule(clients, redis, receiver, 'unused-security-group', 'security-group', {
      violating: await securityGroup('unused'),
      conforming: onInterface,
      optedOut: await securityGroup('unused-kept', OPTED_OUT),
      reused,
      inUse: [inRule, referrer, inTemplate, inTemplateByName, inConfiguration, onBalancer, defaultGroup],
      use: () => allowFrom(referrer, reused),
    });
    expect(await janitorTags(clients, defaultGroup)).toEqual({});
  });
});
