import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import {
  AllocateAddressCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeVpcsCommand,
  ReleaseAddressCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AwsClients } from '../../core/aws/clients.js';
import { fixedClock } from '../../core/clock.js';
import { loadConfig } from '../../core/config/load.js';
import type { Alert } from '../../core/notify/alert.js';
import { runFleetJob } from '../../core/queue/run-job.js';
import { pipelineRunner, registryRevertSource } from '../../core/run/pipeline.js';
import { monkeyCatalog } from '../../monkeys/index.js';
import { pipelineFixture } from '../queue/support/pipeline-fixture.js';
import { MOTO_ACCOUNT, redisUrl, testClients } from '../support/env.js';
import { byResource, hostedZoneWith, reportCli, simpleRecord } from './report-monkey-harness.js';

const REGIONS = ['us-east-1', 'us-west-2'];

interface Seeded {
  zoneId: string;
}

/**
 * An account in two regions: an instance with an IPv6 address in us-east-1, an Elastic IP held in us-west-2, and
 * one released Elastic IP; a hosted zone with a record to each.
 */
async function seedTwoRegions(clients: AwsClients): Promise<Seeded> {
  const east = clients.ec2({ region: 'us-east-1' });
  const vpc = await east.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16', AmazonProvidedIpv6CidrBlock: true }));
  const vpcId = vpc.Vpc?.VpcId as string;
  const described = await east.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
  const block = described.Vpcs?.[0]?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock as string;
  const subnet = await east.send(
    new CreateSubnetCommand({
      VpcId: vpcId,
      CidrBlock: '10.9.1.0/24',
      Ipv6CidrBlock: block.replace('/56', '/64'),
      AvailabilityZone: 'us-east-1a',
    }),
  );
  const launched = await east.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnet.Subnet?.SubnetId,
      Ipv6AddressCount: 1,
    }),
  );
  const ipv6 = launched.Instances?.[0]?.NetworkInterfaces?.[0]?.Ipv6Addresses?.[0]?.Ipv6Address as string;
  const released = await east.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  await east.send(new ReleaseAddressCommand({ AllocationId: released.AllocationId }));
  const west = clients.ec2({ region: 'us-west-2' });
  const heldInWest = (await west.send(new AllocateAddressCommand({ Domain: 'vpc' }))).PublicIp as string;

  const zoneId = await hostedZoneWith(clients, 'example.org', [
    simpleRecord('v6.example.org', 'AAAA', ipv6),
    simpleRecord('west.example.org', 'A', heldInWest),
    simpleRecord('gone.example.org', 'A', released.PublicIp as string),
  ]);
  return { zoneId };
}

describe('security tells the truth about DNS (IPv6, the other regions, global records once)', () => {
  let clients: AwsClients;
  let seeded: Seeded;
  const run = reportCli('security', {}, { regions: REGIONS });
  const id = (name: string, type = 'A') => `${seeded.zoneId}/${name}./${type}`;

  beforeAll(async () => {
    clients = testClients();
    seeded = await seedTwoRegions(clients);
  });
  afterAll(() => clients.destroy());

  it("an AAAA record to a live instance's IPv6 address and an A record to an address held in the other configured region are not dangling; a released address is", async () => {
    const outcome = await run('--json');
    const dangling = byResource(outcome.findings, 'dangling-dns');
    expect(dangling.get(id('v6.example.org', 'AAAA'))).toBeUndefined();
    expect(dangling.get(id('west.example.org'))).toBeUndefined();
    expect(dangling.get(id('gone.example.org'))?.severity).toBe('critical');
    expect(outcome.code).toBe(2);
  });

  it('an unreadable API is a critical read-failed finding naming it; the other rules still report, and the exit code is 2', async () => {
    const acm = mockClient(ACMClient);
    acm.on(ListCertificatesCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: acm:ListCertificates'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    try {
      const outcome = await run('--json');
      expect(outcome.code).toBe(2);
      const failed = outcome.findings.filter((finding) => finding.rule === 'read-failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({
        severity: 'critical',
        resourceType: 'acm-certificate',
        reason: expect.stringMatching(/ListCertificates.*AccessDenied.*cert-expiring/),
      });
      // What could be read is still reported.
      expect(byResource(outcome.findings, 'dangling-dns').get(id('gone.example.org'))?.severity).toBe('critical');
      // A rule whose input could not be read says nothing rather than something wrong.
      expect(outcome.findings.filter((finding) => finding.rule === 'cert-expiring')).toEqual([]);
    } finally {
      acm.restore();
    }
  });

  it('a run of only the rule whose read failed (a throttle) reports the failure and exits 2, never 0', async () => {
    const acm = mockClient(ACMClient);
    acm.on(ListCertificatesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    try {
      const outcome = await run('--json', '--rule', 'cert-expiring');
      expect(outcome.findings.map((finding) => finding.rule)).toEqual(['read-failed']);
      expect(outcome.code).toBe(2);
    } finally {
      acm.restore();
    }
  });
});

describe('a scheduled two-region report run names each global resource once', () => {
  const fleet = pipelineFixture('report-globals', {
    seed: seedTwoRegions,
    load: (prefix) => {
      const dir = mkdtempSync(join(tmpdir(), 'simian-report-globals-'));
      mkdirSync(join(dir, 'schedules'));
      const global = { redis: { url: redisUrl(), prefix }, accounts: [{ id: MOTO_ACCOUNT }], regions: REGIONS };
      writeFileSync(join(dir, 'simian.yaml'), stringify(global));
      const schedules = [{ id: 'security-daily', monkey: 'security', cron: '0 6 * * *' }];
      writeFileSync(join(dir, 'schedules', 'security.yaml'), stringify({ schedules }));
      return loadConfig({ configPath: join(dir, 'simian.yaml'), env: {}, monkeys: monkeyCatalog });
    },
  });

  it('the dangling record is one finding and one digest line, not one per region', async () => {
    const alerts: Alert[] = [];
    const answer = (action: 'trigger' | 'resolve', incidentKey: string) => ({ action, incidentKey, outcomes: [] });
    const gateway = {
      notify: (alert: Alert) => alerts.push(alert),
      send: async (alert: Alert) => answer('trigger', alert.incidentKey),
      escalate: async (alert: Alert) => answer('trigger', alert.incidentKey),
      resolve: async (key: string) => answer('resolve', key),
    };
    const parts = { ...fleet.parts(), clock: fixedClock('2026-12-07T06:00:00Z'), alerts: gateway };
    const runner = pipelineRunner(parts, registryRevertSource(parts));
    const report = await runFleetJob(runner, {
      scheduleId: 'security-daily',
      monkey: 'security',
      jobId: 'security-daily-1',
      attempt: 1,
    });
    const gone = (report.findings ?? []).filter(
      (finding) => finding.resource === `${fleet.seeded.zoneId}/gone.example.org./A`,
    );
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({ rule: 'dangling-dns', severity: 'critical' });
  });
});
