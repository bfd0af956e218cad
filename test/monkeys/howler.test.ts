import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AllocateAddressCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import { InputError } from '../../core/errors.js';
import type { Finding } from '../../core/plan/finding.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { runCliCaptured } from '../support/cli.js';
import { testRedisYaml, writeConfigFile } from '../support/config-file.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';
import { gorillaConfig, runDeps } from './gorilla-harness.js';

const REGION = 'us-east-1';
let clients: AwsClients;
/** The VPC seedFleet made, to hang target groups on. */
let vpcId: string;

async function howler(params: Record<string, unknown> = {}, region = REGION): Promise<Finding[]> {
  const { deps } = runDeps(gorillaConfig({ armed: false, regions: [REGION, 'us-west-2'] }), clients, null);
  const report = await runMonkey({ monkey: 'howler', region, params, flagDryRun: true }, deps);
  return [...(report.findings ?? [])];
}

function byRule(findings: readonly Finding[]): Record<string, Finding> {
  return Object.fromEntries(findings.map((finding) => [finding.rule, finding]));
}

beforeAll(async () => {
  clients = testClients();
  // Three groups of one m5.large each (2 vCPUs): 6 vCPUs, over the default 5 (moto has no EC2 Service Quotas).
  const fleet = await seedFleet(clients, {
    region: REGION,
    zones: ['us-east-1a'],
    groups: [{ name: 'web-prod' }, { name: 'api-prod' }, { name: 'batch-prod' }],
    instanceType: 'm5.large',
    snapshots: 0,
  });
  vpcId = fleet.vpcId;
  const ec2 = clients.ec2({ region: REGION });
  // 4 of the 5 Elastic IPs moto's DescribeAccountAttributes allows (vpc-max-elastic-ips).
  for (let i = 0; i < 4; i += 1) await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  // 4 VPCs of the 5 Service Quotas allows (moto knows the vpc quotas): the default one, seedFleet's, and two more.
  const vpcs = byRule(await howler({ reportAll: true }))['limit-vpc-vpcs']?.details.usage as number;
  for (let i = vpcs; i < 4; i += 1) await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${100 + i}.0.0/16` }));
  const elbv2 = clients.elbv2({ region: REGION });
  for (const name of ['web-tg', 'api-tg']) {
    await elbv2.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpcId }));
  }
});

afterAll(() => clients.destroy());

describe('howler: usage against limits (real moto)', () => {
  it('reads each limit from the first source that tells it and says which (details.source)', async () => {
    clients.counter.reset();
    const found = byRule(await howler({ reportAll: true }));
    // Each read once, shared by the limits that need it (one ELBv2 DescribeAccountLimits for three limits).
    expect(clients.counter.snapshot()).toEqual({
      'AutoScaling:DescribeAccountLimits': 1,
      'AutoScaling:DescribeAutoScalingGroups': 1,
      'AutoScaling:DescribeLaunchConfigurations': 1,
      'EC2:DescribeAccountAttributes': 1,
      'EC2:DescribeAddresses': 1,
      'EC2:DescribeInstanceTypes': 1,
      'EC2:DescribeInstances': 1,
      'EC2:DescribeSecurityGroups': 1,
      'EC2:DescribeVpcs': 1,
      'ELBv2:DescribeAccountLimits': 1,
      'ELBv2:DescribeLoadBalancers': 1,
      'ELBv2:DescribeTargetGroups': 1,
      'Route53:GetAccountLimit': 1,
      'Route53:GetHostedZoneCount': 1,
      'ServiceQuotas:GetServiceQuota': 10,
    });
    const arn = (path: string) => `arn:aws:servicequotas:${REGION}:${MOTO_ACCOUNT}:${path}`;
    expect(found['limit-ec2-elastic-ips']).toMatchObject({
      resource: arn('ec2/L-0263D0A3'),
      resourceType: 'quota',
      severity: 'warning',
      owner: null,
      account: MOTO_ACCOUNT,
      region: REGION,
      reason:
        '4 of 5 Elastic IPs in use (80%, warning at 80%; limit from DescribeAccountAttributes vpc-max-elastic-ips)',
      details: { usage: 4, limit: 5, percent: 80, source: 'api', quotaCode: 'L-0263D0A3' },
    });
    // moto's Service Quotas has no ec2: the miss is kept, so a missing permission would show too.
    expect(found['limit-ec2-elastic-ips']?.details.unavailable).toEqual([
      { source: 'service-quotas', reason: expect.stringMatching(/NoSuchResource/) },
    ]);
    expect(found['limit-vpc-vpcs']).toMatchObject({
      severity: 'warning',
      details: { usage: 4, limit: 5, percent: 80, source: 'service-quotas', unavailable: [] },
    });
    expect(found['limit-vpc-security-groups']?.details).toMatchObject({ limit: 2500, source: 'service-quotas' });
    expect(found['limit-ec2-on-demand-standard-vcpus']).toMatchObject({
      severity: 'critical',
      details: { usage: 6, limit: 5, percent: 120, source: 'default' },
    });
    // Neither Service Quotas nor DescribeAccountLimits answers in moto: the documented default, both misses named.
    expect(found['limit-autoscaling-groups']).toMatchObject({
      severity: 'info',
      details: { usage: 3, limit: 500, percent: 0.6, source: 'default' },
    });
    expect(found['limit-autoscaling-groups']?.details.unavailable).toEqual([
      { source: 'service-quotas', reason: expect.stringMatching(/NoSuchResource/) },
      {
        source: 'api',
        reason: 'AWS AutoScaling DescribeAccountLimits answered HTTP 500 (not implemented by this endpoint?)',
      },
    ]);
    expect(found['limit-elbv2-target-groups']?.details).toMatchObject({ usage: 2, limit: 3000, source: 'api' });
    expect(found['limit-elbv2-application-load-balancers']?.details).toMatchObject({ usage: 0, limit: 20 });
  });

  it('reports only what reaches a threshold; thresholds are overridden per limit as a percent or a count', async () => {
    const defaults = await howler();
    expect(defaults.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['limit-ec2-on-demand-standard-vcpus', 'critical'],
      ['limit-ec2-elastic-ips', 'warning'],
      ['limit-vpc-vpcs', 'warning'],
    ]);
    const tuned = await howler({
      warning: '50%',
      critical: '75%',
      limits: {
        'limit-ec2-on-demand-standard-vcpus': { enabled: false },
        'limit-autoscaling-groups': { warning: 2, critical: 3 },
        'limit-elbv2-target-groups': { warning: 2 },
        'limit-vpc-vpcs': { warning: '90%', critical: '100%' },
      },
    });
    expect(tuned.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['limit-autoscaling-groups', 'critical'],
      ['limit-ec2-elastic-ips', 'critical'],
      ['limit-elbv2-target-groups', 'warning'],
    ]);
    expect(byRule(tuned)['limit-autoscaling-groups']?.reason).toBe(
      '3 of 500 Auto Scaling groups in use (0.6%, critical at 3 in use; limit from the AWS default)',
    );
  });

  it('reports the per-account Route 53 limit only in the runs of its global region', async () => {
    const rules = (findings: Finding[]) => findings.map((finding) => finding.rule);
    expect(rules(await howler({ reportAll: true }))).toContain('limit-route53-hosted-zones');
    const west = await howler({ reportAll: true }, 'us-west-2');
    expect(rules(west)).toContain('limit-ec2-elastic-ips');
    expect(rules(west)).not.toContain('limit-route53-hosted-zones');
    const moved = await howler({ reportAll: true, globalRegion: 'us-west-2' }, 'us-west-2');
    expect(byRule(moved)['limit-route53-hosted-zones']?.resource).toBe(
      `arn:aws:servicequotas:us-west-2:${MOTO_ACCOUNT}:route53/L-4EA4796A`,
    );
  });

  it('refuses bad thresholds with one sentence naming them', async () => {
    await expect(howler({ warning: '120%' })).rejects.toThrow(/"120%" is not a percent from 0% to 100%/);
    await expect(howler({ limits: { 'limit-ec2-eips': { warning: 1 } } })).rejects.toThrow(
      /unknown limit "limit-ec2-eips" \(valid limits: limit-autoscaling-groups, /,
    );
    await expect(howler({ limits: { 'limit-vpc-vpcs': { warning: '99%' } } })).rejects.toThrow(
      /warning is above critical/,
    );
    await expect(howler({ critical: 2.5 })).rejects.toBeInstanceOf(InputError);
  });
});

describe('simian howler (the generated report command)', () => {
  /** A simian.yaml beside schedules/howler.yaml holding one entry with these params (YAML flow text). */
  function configWith(name: string, params: string): string {
    const path = writeConfigFile(`accounts:\n  - id: "${MOTO_ACCOUNT}"\nregions: [${REGION}]\n${testRedisYaml()}`);
    const schedules = join(dirname(path), 'schedules');
    mkdirSync(schedules, { recursive: true });
    writeFileSync(
      join(schedules, 'howler.yaml'),
      ['schedules:', `  - id: ${name}`, '    monkey: howler', '    every: 1h', `    params: ${params}`, ''].join('\n'),
    );
    return path;
  }
  const cli = (argv: string[]) => runCliCaptured([...argv, '--endpoint-url', process.env.AWS_ENDPOINT_URL as string]);

  it('exits 2 for a critical limit, 1 for a warning, 0 with --exit-zero; thresholds come from the YAML params', async () => {
    // Off: VPCs (a warning), and the limits whose APIs moto lacks (the CLI's clients retry each HTTP 500).
    const off = ['limit-vpc-vpcs', 'limit-autoscaling-groups', 'limit-autoscaling-launch-configurations'];
    const yaml = [...off, 'limit-route53-hosted-zones'].map((id) => `${id}: { enabled: false }`).join(', ');
    const config = configWith('limits', `{ limits: { ${yaml} } }`);
    const all = await cli(['howler', '-c', config, '--json']);
    expect(all.code).toBe(2);
    const document = JSON.parse(all.stdout);
    expect(document).toMatchObject({ monkey: 'howler', dryRun: true, actions: [] });
    expect(document.findings.map((f: Finding) => f.rule)).toEqual([
      'limit-ec2-on-demand-standard-vcpus',
      'limit-ec2-elastic-ips',
    ]);
    expect((await cli(['howler', '-c', config, '--rule', 'limit-ec2-elastic-ips'])).code).toBe(1);
    expect((await cli(['howler', '-c', config, '--exit-zero'])).code).toBe(0);
    const csv = await cli(['howler', '-c', config, '--csv', '--severity', 'critical']);
    expect(csv.code).toBe(2);
    expect(csv.stdout).toContain('critical,limit-ec2-on-demand-standard-vcpus,quota,');
  });

  it('exits 2 with the problem named for a bad threshold in the YAML', async () => {
    const config = configWith('bad', '{ warning: "eighty" }');
    const outcome = await cli(['howler', '-c', config]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/"eighty" is not a percent/);
  });
});
