import { AutoScalingClient, DescribeAccountLimitsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateHostedZoneCommand, GetAccountLimitCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetServiceQuotaCommand, NoSuchResourceException, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import type { Finding } from '../../core/plan/finding.js';
import { exitCodeOf } from '../../core/run/run-monkey.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { runMonkey } from '../../monkeys/run-by-name.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';
import { gorillaConfig, runDeps } from './gorilla-harness.js';

/*
 * moto has no Service Quotas for ec2, autoscaling or route53, no Auto Scaling DescribeAccountLimits and no Route 53
 * GetAccountLimit: those calls answer with AWS responses recorded from a real account (aws-sdk-client-mock). Every
 * other call (the usage counts) goes to the real moto server.
 */
const REGION = 'us-east-1';

/** GetServiceQuota as AWS answered it (shape of a real answer; values of an account with raised quotas). */
function recordedQuota(serviceCode: string, quotaCode: string, name: string, value: number) {
  return {
    Quota: {
      ServiceCode: serviceCode,
      QuotaArn: `arn:aws:servicequotas:${REGION}:${MOTO_ACCOUNT}:${serviceCode}/${quotaCode}`,
      QuotaCode: quotaCode,
      QuotaName: name,
      Value: value,
      Unit: 'None',
      Adjustable: true,
      GlobalQuota: false,
    },
  };
}

const noSuchQuota = () =>
  new NoSuchResourceException({
    message: 'The request failed because the specified service does not exist.',
    $metadata: {},
  });

const quotas = mockClient(ServiceQuotasClient);
const autoScaling = mockClient(AutoScalingClient);
const route53 = mockClient(Route53Client);
let clients: AwsClients;

function record(quotaAnswers: Record<string, number | Error>) {
  quotas.reset();
  quotas.on(GetServiceQuotaCommand).rejects(noSuchQuota());
  for (const [path, answer] of Object.entries(quotaAnswers)) {
    const [serviceCode, quotaCode] = path.split('/') as [string, string];
    const call = quotas.on(GetServiceQuotaCommand, { ServiceCode: serviceCode, QuotaCode: quotaCode });
    if (answer instanceof Error) call.rejects(answer);
    else call.resolves(recordedQuota(serviceCode, quotaCode, path, answer));
  }
}

async function howler(params: Record<string, unknown> = {}) {
  const { deps } = runDeps(gorillaConfig({ armed: false }), clients, null);
  return runMonkey({ monkey: 'howler', region: REGION, params, flagDryRun: true }, deps);
}

const byRule = (findings: readonly Finding[] = []) =>
  Object.fromEntries(findings.map((finding) => [finding.rule, finding]));

beforeAll(async () => {
  // Only the calls moto lacks are recorded; the rest pass through to moto.
  autoScaling.send.callThrough();
  autoScaling.on(DescribeAccountLimitsCommand).resolves({
    MaxNumberOfAutoScalingGroups: 3,
    MaxNumberOfLaunchConfigurations: 200,
    NumberOfAutoScalingGroups: 3,
    NumberOfLaunchConfigurations: 0,
  });
  route53.send.callThrough();
  route53.on(GetAccountLimitCommand).resolves({ Limit: { Type: 'MAX_HOSTED_ZONES_BY_OWNER', Value: 2 }, Count: 2 });
  clients = testClients();
  // Two m5.xlarge (4 vCPUs each) in groups: 8 vCPUs; three groups.
  await seedFleet(clients, {
    region: REGION,
    zones: ['us-east-1a'],
    groups: [
      { name: 'web-prod', instancesPerZone: 2 },
      { name: 'api-prod', instancesPerZone: 0 },
      { name: 'db-prod', instancesPerZone: 0 },
    ],
    instanceType: 'm5.xlarge',
    snapshots: 0,
  });
  for (const name of ['a.example.com', 'b.example.com']) {
    await clients.route53({ region: REGION }).send(new CreateHostedZoneCommand({ Name: name, CallerReference: name }));
  }
});

afterAll(() => {
  quotas.restore();
  autoScaling.restore();
  route53.restore();
  clients.destroy();
});

describe('howler with recorded AWS responses (what moto lacks)', () => {
  it('takes the EC2 limits from Service Quotas (L-1216C47A vCPUs, L-0263D0A3 Elastic IPs)', async () => {
    record({ 'ec2/L-1216C47A': 8, 'ec2/L-0263D0A3': 1 });
    const report = await howler({ reportAll: true });
    const found = byRule(report.findings);
    expect(found['limit-ec2-on-demand-standard-vcpus']).toMatchObject({
      severity: 'critical',
      reason:
        '8 of 8 vCPUs of running On-Demand standard (A, C, D, H, I, M, R, T, Z) instances in use (100%, critical at 95%; limit from Service Quotas L-1216C47A)',
      details: { usage: 8, limit: 8, percent: 100, source: 'service-quotas', unavailable: [] },
    });
    expect(found['limit-ec2-elastic-ips']?.details).toMatchObject({ usage: 0, limit: 1, source: 'service-quotas' });
    expect(exitCodeOf(report)).toBe(2);
    expect(exitCodeOf(report, { exitZero: true })).toBe(0);
  });

  it('takes Auto Scaling limits from DescribeAccountLimits and hosted zones from GetAccountLimit', async () => {
    record({});
    const found = byRule((await howler()).findings);
    expect(found['limit-autoscaling-groups']).toMatchObject({
      severity: 'critical',
      reason: '3 of 3 Auto Scaling groups in use (100%, critical at 95%; limit from DescribeAccountLimits)',
      details: { usage: 3, limit: 3, percent: 100, source: 'api' },
    });
    expect(found['limit-route53-hosted-zones']).toMatchObject({
      resource: `arn:aws:servicequotas:us-east-1:${MOTO_ACCOUNT}:route53/L-4EA4796A`,
      severity: 'critical',
      details: { usage: 2, limit: 2, source: 'api' },
    });
  });

  it('falls back past a Service Quotas refusal and keeps the reason; a warning alone exits 1', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: servicequotas:GetServiceQuota'), {
      name: 'AccessDeniedException',
    });
    record({ 'autoscaling/L-CDE20ADC': denied, 'ec2/L-1216C47A': 10 });
    const report = await howler({ limits: { 'limit-route53-hosted-zones': { enabled: false } } });
    const found = byRule(report.findings);
    expect(found['limit-autoscaling-groups']?.details).toMatchObject({
      source: 'api',
      unavailable: [
        {
          source: 'service-quotas',
          reason: 'AccessDeniedException: User is not authorized to perform: servicequotas:GetServiceQuota',
        },
      ],
    });
    // 8 of 10 vCPUs: a warning (80%).
    expect(found['limit-ec2-on-demand-standard-vcpus']).toMatchObject({ severity: 'warning' });
    const onlyWarning = await howler({
      limits: { 'limit-route53-hosted-zones': { enabled: false }, 'limit-autoscaling-groups': { enabled: false } },
    });
    expect(onlyWarning.findings?.map((finding) => finding.severity)).toEqual(['warning']);
    expect(exitCodeOf(onlyWarning)).toBe(1);
  });
});
