import { ImportCertificateCommand } from '@aws-sdk/client-acm';
import {
  AllocateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  DescribeInstancesCommand,
  ReleaseAddressCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing';
import { CreateLoadBalancerCommand, DeleteLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, ListServerCertificateTagsCommand, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../core/aws/clients.js';
import type { Finding } from '../../core/plan/finding.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { testClients } from '../support/env.js';
import { byResource, hostedZoneWith, reportCli, simpleRecord } from './report-monkey-harness.js';
import { rsaKey, selfSigned } from './security-certificates.js';

const REGION = 'us-east-1';

interface Seeded {
  acm: Record<'days10' | 'days45' | 'days90', string>;
  iam: Record<'expired' | 'weakKey' | 'sha1' | 'healthy', string>;
  zoneId: string;
  openSg: string;
  closedSg: string;
}

let clients: AwsClients;
let seeded: Seeded;
let findings: Finding[];

/**
 * moto does not implement ListServerCertificateTags (HTTP 500): aws-sdk-client-mock answers that one call with the
 * tags given at upload, and every other IAM call goes through to moto.
 */
const iamTags = new Map<string, { Key: string; Value: string }[]>();
const iamMock = mockClient(IAMClient);
iamMock.send.callThrough();
iamMock.on(ListServerCertificateTagsCommand).callsFake((input: { ServerCertificateName: string }) => ({
  Tags: iamTags.get(input.ServerCertificateName) ?? [],
  IsTruncated: false,
}));

async function seedCertificates(): Promise<Pick<Seeded, 'acm' | 'iam'>> {
  const strong = rsaKey(2048);
  const weak = rsaKey(1024);
  const acm = clients.acm({ region: REGION });
  const encode = (text: string) => new TextEncoder().encode(text);
  const imported = async (domain: string, expiresInDays: number) =>
    (
      await acm.send(
        new ImportCertificateCommand({
          Certificate: encode(selfSigned({ domain, expiresInDays, key: strong })),
          PrivateKey: encode(strong.privateKeyPem),
          Tags: [{ Key: 'owner', Value: 'web@example.com' }],
        }),
      )
    ).CertificateArn as string;
  const iam = clients.iam({ region: REGION });
  const uploaded = async (name: string, spec: Parameters<typeof selfSigned>[0]) => {
    iamTags.set(name, [{ Key: 'owner', Value: 'edge@example.com' }]);
    const answer = await iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: name,
        CertificateBody: selfSigned(spec),
        PrivateKey: spec.key.privateKeyPem,
      }),
    );
    return answer.ServerCertificateMetadata?.Arn as string;
  };
  return {
    // ACM refuses to import an expired certificate (moto too): the expired one is an IAM certificate.
    acm: {
      days10: await imported('soon.example.com', 10),
      days45: await imported('later.example.com', 45),
      days90: await imported('fine.example.com', 90),
    },
    iam: {
      expired: await uploaded('old-2025', { domain: 'old.example.com', expiresInDays: -3, key: strong }),
      weakKey: await uploaded('weak-key', { domain: 'weak.example.com', expiresInDays: 300, key: weak }),
      sha1: await uploaded('sha1-sig', { domain: 'sha1.example.com', expiresInDays: 300, key: strong, digest: 'sha1' }),
      healthy: await uploaded('healthy', { domain: 'ok.example.com', expiresInDays: 300, key: strong }),
    },
  };
}

async function seedDns(): Promise<Pick<Seeded, 'zoneId' | 'openSg' | 'closedSg'>> {
  const fleet = await seedFleet(clients, {
    region: REGION,
    zones: ['us-east-1a'],
    groups: [{ name: 'web-prod', instancesPerZone: 2 }],
    snapshots: 0,
  });
  const ec2 = clients.ec2({ region: REGION });
  const [live = '', doomed = ''] = fleet.groups[0]?.instanceIds ?? [];
  const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [live, doomed] }));
  const ipOf = new Map(
    (described.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i.PrivateIpAddress]),
  );
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [doomed] }));
  const kept = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).PublicIp as string;
  const released = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  await ec2.send(new ReleaseAddressCommand({ AllocationId: released.AllocationId }));

  const elb = clients.elb({ region: REGION });
  const classic = await elb.send(
    new CreateClassicLoadBalancerCommand({
      LoadBalancerName: 'web-lb',
      AvailabilityZones: ['us-east-1a'],
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }],
    }),
  );
  const elbv2 = clients.elbv2({ region: REGION });
  const secondSubnet = await ec2.send(
    new CreateSubnetCommand({ VpcId: fleet.vpcId, AvailabilityZone: 'us-east-1b', CidrBlock: '10.0.200.0/24' }),
  );
  const alb = await elbv2.send(
    new CreateLoadBalancerCommand({
      Name: 'old-alb',
      Subnets: [fleet.subnetsByZone['us-east-1a'] as string, secondSubnet.Subnet?.SubnetId as string],
    }),
  );
  const gone = alb.LoadBalancers?.[0];
  await elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: gone?.LoadBalancerArn }));

  const zoneId = await hostedZoneWith(clients, 'example.com', [
    simpleRecord('eip-gone.example.com', 'A', released.PublicIp as string),
    simpleRecord('eip-ok.example.com', 'A', kept),
    simpleRecord('vm-gone.example.com', 'A', ipOf.get(doomed) as string),
    simpleRecord('vm-ok.example.com', 'A', ipOf.get(live) as string),
    simpleRecord('lb-ok.example.com', 'CNAME', classic.DNSName as string),
    simpleRecord('partner.example.com', 'A', '203.0.113.10'),
    {
      Action: 'CREATE',
      ResourceRecordSet: {
        Name: 'lb-gone.example.com',
        Type: 'A',
        AliasTarget: {
          HostedZoneId: gone?.CanonicalHostedZoneId,
          DNSName: `dualstack.${gone?.DNSName}`,
          EvaluateTargetHealth: false,
        },
      },
    },
  ]);

  const group = async (name: string, port: number, cidr: string) => {
    const id = (
      await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: fleet.vpcId }))
    ).GroupId as string;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, Ipv6Ranges: [{ CidrIpv6: cidr }] }],
      }),
    );
    return id;
  };
  return { zoneId, openSg: await group('redis-world', 6379, '::/0'), closedSg: await group('https', 443, '::/0') };
}

const run = reportCli('security', { rules: { 'dangling-dns': { ignore: ['203.0.113.0/24'] } } });

beforeAll(async () => {
  clients = testClients();
  seeded = { ...(await seedCertificates()), ...(await seedDns()) };
  const outcome = await run('--json');
  expect(outcome.stderr).toBe('');
  findings = outcome.findings;
});

afterAll(() => {
  iamMock.restore();
  clients.destroy();
});

const found = (rule: string, resource: string) => byResource(findings, rule).get(resource);
const recordId = (name: string, type = 'A') => `${seeded.zoneId}/${name}./${type}`;

describe('security: certificates (ACM imported, IAM uploaded; made with node-forge)', () => {
  it('cert-expiring: critical within 30 days and once expired, a warning within 60, nothing at 90', () => {
    expect(found('cert-expiring', seeded.acm.days10)).toMatchObject({
      resourceType: 'acm-certificate',
      severity: 'critical',
      owner: 'web@example.com',
      reason: expect.stringMatching(
        /^ACM certificate for soon\.example\.com expires in (9|10) days \(\d{4}-\d\d-\d\d\)/,
      ),
    });
    expect(found('cert-expiring', seeded.acm.days45)?.severity).toBe('warning');
    expect(found('cert-expiring', seeded.acm.days90)).toBeUndefined();
    // moto lists every IAM server certificate as expired on 2012-05-08: the date comes from the body.
    expect(found('cert-expiring', seeded.iam.expired)).toMatchObject({
      resourceType: 'iam-server-certificate',
      severity: 'critical',
      owner: 'edge@example.com',
      reason: expect.stringMatching(/^IAM server certificate old-2025 expired (3|4) days ago/),
    });
    expect(found('cert-expiring', seeded.iam.healthy)).toBeUndefined();
  });

  it('cert-weak-key: the 1024-bit key, not the 2048-bit ones', () => {
    expect(found('cert-weak-key', seeded.iam.weakKey)?.reason).toBe(
      'IAM server certificate weak-key has a 1024-bit RSA key, under 2048: reissue it with a stronger key',
    );
    expect(found('cert-weak-key', seeded.iam.healthy)).toBeUndefined();
    expect(found('cert-weak-key', seeded.acm.days90)).toBeUndefined();
  });

  it('cert-weak-signature: the SHA-1 signature, not SHA-256', () => {
    expect(found('cert-weak-signature', seeded.iam.sha1)?.reason).toContain('is signed with sha1WithRSAEncryption');
    expect(found('cert-weak-signature', seeded.iam.healthy)).toBeUndefined();
  });
});

describe('security: dangling DNS (Route 53 records outliving what they point at)', () => {
  it('a record to a released Elastic IP is critical; one to a held Elastic IP is fine', () => {
    expect(found('dangling-dns', recordId('eip-gone.example.com'))).toMatchObject({
      resourceType: 'route53-record',
      severity: 'critical',
      reason: expect.stringContaining('which no instance, network interface or Elastic IP of the account holds'),
    });
    expect(found('dangling-dns', recordId('eip-ok.example.com'))).toBeUndefined();
  });

  it("a record to a terminated instance's (private) address is a warning; a live instance's is fine", () => {
    expect(found('dangling-dns', recordId('vm-gone.example.com'))?.severity).toBe('warning');
    expect(found('dangling-dns', recordId('vm-ok.example.com'))).toBeUndefined();
  });

  it('an alias to a deleted load balancer is critical; a CNAME to a live one is fine; ignored ranges are', () => {
    expect(found('dangling-dns', recordId('lb-gone.example.com'))).toMatchObject({
      severity: 'critical',
      reason: expect.stringMatching(/^alias record lb-gone\.example\.com\. points at load balancer old-alb-1\./),
    });
    expect(found('dangling-dns', recordId('lb-ok.example.com', 'CNAME'))).toBeUndefined();
    expect(found('dangling-dns', recordId('partner.example.com'))).toBeUndefined();
  });
});

describe('security: open-ingress (the rule Conformity shares)', () => {
  it('Redis open to ::/0 is critical; HTTPS open to ::/0 is not a sensitive port', () => {
    expect(found('open-ingress', seeded.openSg)?.reason).toContain('lets anyone (::/0) reach port 6379');
    expect(found('open-ingress', seeded.closedSg)).toBeUndefined();
  });
});

describe('simian security: exit codes by the worst finding shown', () => {
  it('2 with a critical finding, 1 with warnings only, 0 with --exit-zero or nothing at the threshold', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('--rule', 'cert-weak-key,cert-weak-signature')).code).toBe(1);
    expect((await run('--rule', 'cert-weak-key', '--severity', 'critical')).code).toBe(0);
    expect((await run('--exit-zero')).code).toBe(0);
    const csv = await run('--csv', '--rule', 'cert-weak-key');
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^warning,cert-weak-key,iam-server-certificate,arn:aws:iam::/);
  });

  it('refuses a --rule the monkey does not have, naming its rules (exit 2)', async () => {
    expect(await run('--rule', 'cert-expired')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--rule cert-expired: not a rule of security (its rules: cert-expiring,'),
    });
  });
});
