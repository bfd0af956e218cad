import {
  AttachInstancesCommand,
  CreateAutoScalingGroupCommand,
  CreateOrUpdateTagsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand,
  ModifyLoadBalancerAttributesCommand as ModifyClassicAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import type { Finding } from '../../core/plan/finding.js';
import { type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';
import { byResource, reportCli } from './report-monkey-harness.js';

const REGION = 'us-east-1';
const ZONES = ['us-east-1a', 'us-east-1b'];

interface Seeded {
  fleet: SeededFleet;
  /** An instance of web-prod with IMDSv2 required and the audit security group. */
  tidy: string;
  loose: string;
  auditSg: string;
  openSg: string;
  closedSg: string;
  classicMatching: string;
  classicMismatched: string;
  nlbCrossZoneOn: string;
  nlbCrossZoneOff: string;
}

let clients: AwsClients;
let seeded: Seeded;
let findings: Finding[];

async function securityGroup(name: string, vpcId: string, rules: { port: number; cidr: string }[]) {
  const ec2 = clients.ec2({ region: REGION });
  const created = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }));
  const id = created.GroupId as string;
  for (const rule of rules) {
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: rule.port, ToPort: rule.port, IpRanges: [{ CidrIp: rule.cidr }] },
        ],
      }),
    );
  }
  return id;
}

async function seed(): Promise<Seeded> {
  const fleet = await seedFleet(clients, {
    region: REGION,
    zones: ZONES,
    groups: [
      // Two zones, an owner, opted in with a tag that propagates (seedFleet propagates every tag).
      { name: 'web-prod', tags: { owner: 'web@example.com', 'simian:chaos': 'enabled' }, instancesPerZone: 1 },
      { name: 'solo-prod', tags: { owner: 'solo@example.com' }, zones: ['us-east-1a'], instancesPerZone: 0 },
    ],
    loose: { count: 1 },
    snapshots: 0,
  });
  const ec2 = clients.ec2({ region: REGION });
  const autoScaling = clients.autoScaling({ region: REGION });
  // solo-prod opts in to every monkey, but the tag stays on the group only.
  await autoScaling.send(
    new CreateOrUpdateTagsCommand({
      Tags: [
        {
          ResourceId: 'solo-prod',
          ResourceType: 'auto-scaling-group',
          Key: 'simian:all',
          Value: 'enabled',
          PropagateAtLaunch: false,
        },
      ],
    }),
  );

  const auditSg = await securityGroup('audit', fleet.vpcId, [{ port: 443, cidr: '10.0.0.0/8' }]);
  const openSg = await securityGroup('ssh-world', fleet.vpcId, [{ port: 22, cidr: '0.0.0.0/0' }]);
  const closedSg = await securityGroup('web-public', fleet.vpcId, [
    { port: 443, cidr: '0.0.0.0/0' },
    { port: 22, cidr: '10.0.0.0/8' },
  ]);

  const launched = await ec2.send(
    new RunInstancesCommand({
      ImageId: fleet.imageId,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      SubnetId: fleet.subnetsByZone['us-east-1a'],
      SecurityGroupIds: [auditSg],
      MetadataOptions: { HttpTokens: 'required' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'owner', Value: 'web@example.com' }] }],
    }),
  );
  const tidy = launched.Instances?.[0]?.InstanceId as string;
  await autoScaling.send(new AttachInstancesCommand({ AutoScalingGroupName: 'web-prod', InstanceIds: [tidy] }));

  // Classic balancers: one in the zones of its group (cross-zone on), one in another zone set (cross-zone off).
  const elb = clients.elb({ region: REGION });
  const listener = [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }];
  await elb.send(
    new CreateClassicLoadBalancerCommand({ LoadBalancerName: 'web-lb', AvailabilityZones: ZONES, Listeners: listener }),
  );
  await elb.send(
    new ModifyClassicAttributesCommand({
      LoadBalancerName: 'web-lb',
      LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } },
    }),
  );
  await elb.send(
    new CreateClassicLoadBalancerCommand({
      LoadBalancerName: 'edge-lb',
      AvailabilityZones: ['us-east-1a', 'us-east-1c'],
      Listeners: listener,
    }),
  );
  // edge-prod (zones a, b) sits behind edge-lb (zones a, c).
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'edge-prod',
      LaunchTemplate: { LaunchTemplateName: fleet.launchTemplateName, Version: '$Latest' },
      MinSize: 0,
      MaxSize: 2,
      DesiredCapacity: 0,
      VPCZoneIdentifier: ZONES.map((zone) => fleet.subnetsByZone[zone]).join(','),
      LoadBalancerNames: ['edge-lb'],
      Tags: [{ Key: 'owner', Value: 'edge@example.com', PropagateAtLaunch: true }],
    }),
  );

  // Network balancers: api-nlb in both zones (cross-zone on) behind api-prod's target group; batch-nlb left off.
  const elbv2 = clients.elbv2({ region: REGION });
  const subnets = ZONES.map((zone) => fleet.subnetsByZone[zone] as string);
  const nlb = async (name: string) =>
    (await elbv2.send(new CreateLoadBalancerCommand({ Name: name, Type: 'network', Subnets: subnets })))
      .LoadBalancers?.[0]?.LoadBalancerArn as string;
  const nlbCrossZoneOn = await nlb('api-nlb');
  const nlbCrossZoneOff = await nlb('batch-nlb');
  await elbv2.send(
    new ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: nlbCrossZoneOn,
      Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }],
    }),
  );
  const targetGroup = await elbv2.send(
    new CreateTargetGroupCommand({
      Name: 'api-tg',
      Protocol: 'TCP',
      Port: 80,
      VpcId: fleet.vpcId,
      TargetType: 'instance',
    }),
  );
  const targetGroupArn = targetGroup.TargetGroups?.[0]?.TargetGroupArn as string;
  await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: nlbCrossZoneOn,
      Protocol: 'TCP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    }),
  );
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'api-prod',
      LaunchTemplate: { LaunchTemplateName: fleet.launchTemplateName, Version: '$Latest' },
      MinSize: 0,
      MaxSize: 2,
      DesiredCapacity: 0,
      VPCZoneIdentifier: subnets.join(','),
      TargetGroupARNs: [targetGroupArn],
      Tags: [{ Key: 'owner', Value: 'api@example.com', PropagateAtLaunch: true }],
    }),
  );

  return {
    fleet,
    tidy,
    loose: fleet.looseInstanceIds[0] as string,
    auditSg,
    openSg,
    closedSg,
    classicMatching: 'web-lb',
    classicMismatched: 'edge-lb',
    nlbCrossZoneOn,
    nlbCrossZoneOff,
  };
}

const run = reportCli('conformity', {
  rules: {
    'required-tags': { tags: ['owner'] },
    'required-security-group': { securityGroups: ['audit'] },
  },
});

beforeAll(async () => {
  clients = testClients();
  seeded = await seed();
  const outcome = await run('--json', '--exit-zero');
  expect(outcome).toMatchObject({ code: 0, stderr: '' });
  findings = outcome.findings;
});

afterAll(() => clients.destroy());

/** The rule's finding for `resource`, or undefined. */
const found = (rule: string, resource: string) => byResource(findings, rule).get(resource);

describe('conformity over a real (moto) fleet: one violating and one conforming resource per rule', () => {
  it('instance-not-in-asg: the loose instance, not a group member', () => {
    expect(found('instance-not-in-asg', seeded.loose)).toMatchObject({
      resourceType: 'instance',
      severity: 'warning',
      account: MOTO_ACCOUNT,
      region: REGION,
      reason: expect.stringContaining('belongs to no Auto Scaling group'),
    });
    expect(found('instance-not-in-asg', seeded.tidy)).toBeUndefined();
  });

  it('required-tags: the instance without an owner tag; the owner names who is told', () => {
    expect(found('required-tags', seeded.loose)?.reason).toMatch(/lacks the tag owner/);
    expect(found('required-tags', seeded.tidy)).toBeUndefined();
    expect(found('required-tags', 'web-prod')).toBeUndefined();
    expect(found('imdsv2-not-required', seeded.fleet.groups[0]?.instanceIds[0] as string)?.owner).toBe(
      'web@example.com',
    );
  });

  it('imdsv2-not-required: instances launched with HttpTokens optional, not the one that requires tokens', () => {
    const webInstance = seeded.fleet.groups[0]?.instanceIds[0] as string;
    expect(found('imdsv2-not-required', webInstance)?.reason).toContain('allows IMDSv1 (HttpTokens optional)');
    expect(found('imdsv2-not-required', seeded.tidy)).toBeUndefined();
  });

  it('instance-not-in-vpc and instance-too-old: every moto instance is in a VPC and launched today', () => {
    expect(findings.filter((finding) => finding.rule === 'instance-not-in-vpc')).toEqual([]);
    expect(findings.filter((finding) => finding.rule === 'instance-too-old')).toEqual([]);
  });

  it('asg-single-zone: solo-prod (one zone), not web-prod (two)', () => {
    expect(found('asg-single-zone', 'solo-prod')).toMatchObject({
      resourceType: 'auto-scaling-group',
      owner: 'solo@example.com',
      reason: 'group solo-prod runs in one zone only (us-east-1a): add a second zone',
    });
    expect(found('asg-single-zone', 'web-prod')).toBeUndefined();
  });

  it('asg-lb-zone-mismatch: edge-prod (a, b) behind edge-lb (a, c); api-prod matches its NLB through its target group', () => {
    expect(found('asg-lb-zone-mismatch', 'edge-prod')?.reason).toBe(
      'group edge-prod runs in us-east-1a, us-east-1b but load balancer edge-lb serves us-east-1a, us-east-1c: give both the same zones',
    );
    expect(found('asg-lb-zone-mismatch', 'api-prod')).toBeUndefined();
  });

  it('lb-cross-zone-off: classic and network balancers left off, not those turned on', () => {
    expect(found('lb-cross-zone-off', seeded.classicMismatched)).toMatchObject({
      resourceType: 'classic-load-balancer',
    });
    expect(found('lb-cross-zone-off', seeded.nlbCrossZoneOff)).toMatchObject({
      resourceType: 'load-balancer',
      reason: expect.stringContaining('load balancer batch-nlb has cross-zone load balancing off'),
    });
    expect(found('lb-cross-zone-off', seeded.classicMatching)).toBeUndefined();
    expect(found('lb-cross-zone-off', seeded.nlbCrossZoneOn)).toBeUndefined();
  });

  it('open-ingress: SSH open to 0.0.0.0/0 is critical; HTTPS to the world and SSH from 10/8 are fine', () => {
    expect(found('open-ingress', seeded.openSg)).toMatchObject({
      resourceType: 'security-group',
      severity: 'critical',
      reason: `security group ssh-world (${seeded.openSg}) lets anyone (0.0.0.0/0) reach port 22: allow only known sources`,
    });
    expect(found('open-ingress', seeded.closedSg)).toBeUndefined();
  });

  it('required-security-group: instances outside "audit", not the one in it', () => {
    expect(found('required-security-group', seeded.loose)?.reason).toContain(
      'is not in the required security group audit',
    );
    expect(found('required-security-group', seeded.tidy)).toBeUndefined();
  });

  it('opt-in-tag-not-propagated: solo-prod (simian:all on the group only), not web-prod (propagated)', () => {
    expect(found('opt-in-tag-not-propagated', 'solo-prod')).toMatchObject({
      severity: 'warning',
      reason: expect.stringContaining('opted in by simian:all but the tag does not propagate at launch'),
    });
    expect(found('opt-in-tag-not-propagated', 'web-prod')).toBeUndefined();
  });
});

describe('conformity settings from the schedule entry', () => {
  it('disables a rule, overrides a severity, and excludes by id, name glob and tag (listed as skipped)', async () => {
    const tuned = reportCli('conformity', {
      exclude: [{ names: ['solo-*'], reason: 'being retired' }],
      rules: {
        'imdsv2-not-required': { enabled: false },
        'open-ingress': { severity: 'warning', ports: [22] },
        'instance-not-in-asg': { exclude: [{ ids: [seeded.loose] }] },
        'lb-cross-zone-off': { exclude: [{ names: ['batch-*'] }] },
        'required-security-group': { securityGroups: ['audit'], exclude: [{ tags: { owner: 'web@*' } }] },
      },
    });
    const outcome = await tuned('--json');
    expect(outcome.findings.some((finding) => finding.rule === 'imdsv2-not-required')).toBe(false);
    expect(byResource(outcome.findings, 'open-ingress').get(seeded.openSg)?.severity).toBe('warning');
    expect(byResource(outcome.findings, 'instance-not-in-asg').has(seeded.loose)).toBe(false);
    expect(byResource(outcome.findings, 'asg-single-zone').has('solo-prod')).toBe(false);
    expect(byResource(outcome.findings, 'lb-cross-zone-off').has(seeded.nlbCrossZoneOff)).toBe(false);
    const webInstance = seeded.fleet.groups[0]?.instanceIds[0] as string;
    expect(byResource(outcome.findings, 'required-security-group').has(webInstance)).toBe(false);
    expect(byResource(outcome.findings, 'required-security-group').has(seeded.loose)).toBe(true);
    expect(outcome.skipped).toContainEqual(
      expect.objectContaining({
        resource: 'solo-prod',
        guard: 'exclude',
        reason: 'asg-single-zone: excluded by params.exclude[0] (being retired)',
      }),
    );
    // Only warnings are left: exit 1.
    expect(outcome.code).toBe(1);
  });

  it('refuses an unknown rule or setting where it is written, before any AWS call (exit 2)', async () => {
    const bad = reportCli('conformity', { rules: { 'instance-too-old': { maxAge: 3 } } });
    const outcome = await bad('--json');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/schedules\/conformity\.yaml:\d+:\d+: .*unknown parameter maxAge/);
    const unknownRule = await reportCli('conformity', { rules: { 'no-such-rule': {} } })('--json');
    expect(unknownRule.code).toBe(2);
    expect(unknownRule.stderr).toContain('no-such-rule');
  });
});
