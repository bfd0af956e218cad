import { AddTagsToCertificateCommand, DeleteCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { DeleteServerCertificateCommand, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { beforeAll, describe, expect, it } from 'vitest';
import { GLOBAL_REGION } from '../../../core/aws/clients.js';
import { getResourceType, parseRoute53RecordId } from '../../../core/aws/resources/index.js';
import { testClients } from '../../support/env.js';
import { createEach, standIn, TARGET } from './support.js';

const clients = testClients();
/** Global services are read from GLOBAL_REGION, whatever region the target names. */
const OTHER_REGION = { ...TARGET, region: 'eu-west-1' };

describe('route53-record (global)', () => {
  const type = getResourceType('route53-record');
  const route53 = clients.route53({ ...TARGET, region: GLOBAL_REGION });
  const zones: Record<string, string> = {};
  const record = (name: string, value: string, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet => ({
    Name: name,
    Type: 'A',
    TTL: 60,
    ResourceRecords: [{ Value: value }],
    ...extra,
  });
  const change = (zone: string, Action: 'UPSERT' | 'DELETE', sets: ResourceRecordSet[]) =>
    route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone,
        ChangeBatch: { Changes: sets.map((ResourceRecordSet) => ({ Action, ResourceRecordSet })) },
      }),
    );

  beforeAll(async () => {
    for (const domain of ['example.com', 'example.org']) {
      const zone = await route53.send(new CreateHostedZoneCommand({ Name: domain, CallerReference: domain }));
      const id = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
      zones[domain] = id;
      await change(id, 'UPSERT', [
        record(`www.${domain}`, '10.0.0.1'),
        record(`api.${domain}`, '10.0.0.2', { SetIdentifier: 'us-east-1', Weight: 100 }),
        record(`api.${domain}`, '10.0.1.2', { SetIdentifier: 'eu-west-1', Weight: 0 }),
      ]);
    }
  });

  it('lists every record set of every zone: 2 zones of 5 sets (SOA, NS, 3 A) at page size 2 take 1 + 2×3 calls', async () => {
    clients.counter.reset();
    const records = await type.list(clients, OTHER_REGION, { pageSize: 2 });
    expect(records).toHaveLength(10);
    const zone = zones['example.com'];
    expect(records.map((entry) => entry.id)).toEqual(
      expect.arrayContaining([
        `${zone}/www.example.com./A`,
        `${zone}/api.example.com./A/us-east-1`,
        `${zone}/api.example.com./A/eu-west-1`,
        `${zone}/example.com./SOA`,
      ]),
    );
    for (const entry of records) expect(parseRoute53RecordId(entry.id)?.hostedZoneId).toBe(entry.raw.hostedZoneId);
    expect(records.find((entry) => entry.id === `${zone}/www.example.com./A`)).toMatchObject({
      name: 'www.example.com.',
      tags: {},
      raw: { zoneName: 'example.com.', recordSet: { TTL: 60 } },
    });
    expect(clients.counter.snapshot()).toEqual({ 'Route53:ListHostedZones': 1, 'Route53:ListResourceRecordSets': 6 });
  });

  it('re-reads ids of one zone in 1 ListResourceRecordSets, and sees a record changed between two reads (no tags)', async () => {
    const zone = zones['example.com'] ?? '';
    const ids = [`${zone}/www.example.com./A`, `${zone}/api.example.com./A/eu-west-1`];
    await change(zone, 'UPSERT', [record('api.example.com', '10.0.1.2', { SetIdentifier: 'eu-west-1', Weight: 50 })]);
    clients.counter.reset();
    const fresh = await type.fresh(clients, OTHER_REGION, ids);
    expect([...fresh.keys()].sort()).toEqual([...ids].sort());
    expect(fresh.get(ids[1] ?? '')?.raw).toMatchObject({ hostedZoneId: zone, zoneName: 'example.com.' });
    expect(fresh.get(ids[1] ?? '')?.raw.recordSet.Weight).toBe(50);
    expect(clients.counter.snapshot()).toEqual({ 'Route53:ListResourceRecordSets': 1 });
  });

  it('a deleted record and the records of a deleted zone are gone; unknown ids do not fail the call', async () => {
    const com = zones['example.com'] ?? '';
    const org = zones['example.org'] ?? '';
    await change(com, 'DELETE', [record('www.example.com', '10.0.0.1')]);
    await change(org, 'DELETE', [
      record('www.example.org', '10.0.0.1'),
      record('api.example.org', '10.0.0.2', { SetIdentifier: 'us-east-1', Weight: 100 }),
      record('api.example.org', '10.0.1.2', { SetIdentifier: 'eu-west-1', Weight: 0 }),
    ]);
    await route53.send(new DeleteHostedZoneCommand({ Id: org }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, OTHER_REGION, [
      `${com}/www.example.com./A`,
      `${com}/api.example.com./A/us-east-1`,
      `${com}/nothing.example.com./CNAME`,
      `${org}/www.example.org./A`,
      'not-a-record-id',
    ]);
    expect([...fresh.keys()]).toEqual([`${com}/api.example.com./A/us-east-1`]);
    expect(clients.counter.snapshot()).toEqual({ 'Route53:ListResourceRecordSets': 2 });
  });
});

describe('acm-certificate', () => {
  const type = getResourceType('acm-certificate');
  const acm = clients.acm(TARGET);
  let arns: string[];
  beforeAll(async () => {
    arns = await createEach(['www', 'api', 'old'], async (name) => {
      const requested = await acm.send(
        new RequestCertificateCommand({ DomainName: `${name}.example.com`, Tags: [{ Key: 'owner', Value: name }] }),
      );
      return requested.CertificateArn;
    });
  });

  it('lists every certificate with its tags: 1 ListCertificates (moto never pages it) + 1 ListTagsForCertificate each', async () => {
    clients.counter.reset();
    const records = await type.list(clients, TARGET, { pageSize: 2 });
    expect(records.map((record) => record.id).sort()).toEqual([...arns].sort());
    expect(records.find((record) => record.name === 'www.example.com')?.tags).toEqual({ owner: 'www' });
    expect(clients.counter.snapshot()).toEqual({ 'ACM:ListCertificates': 1, 'ACM:ListTagsForCertificate': 3 });
  });

  it('re-reads 2 of 3: 1 listing + 1 tag read per live id asked; a tag change is seen, a deleted one is gone', async () => {
    const [live = '', doomed = ''] = arns;
    await acm.send(new AddTagsToCertificateCommand({ CertificateArn: live, Tags: [{ Key: 'team', Value: 'edge' }] }));
    await acm.send(new DeleteCertificateCommand({ CertificateArn: doomed }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, TARGET, [live, doomed]);
    expect([...fresh.keys()]).toEqual([live]);
    expect(fresh.get(live)?.tags).toEqual({ owner: 'www', team: 'edge' });
    expect(fresh.get(live)?.raw.DomainName).toBe('www.example.com');
    expect(clients.counter.snapshot()).toEqual({ 'ACM:ListCertificates': 1, 'ACM:ListTagsForCertificate': 1 });
  });
});

describe('iam-server-certificate (global; moto lacks ListServerCertificateTags: tags stood in, the rest is moto)', () => {
  const type = getResourceType('iam-server-certificate');
  const iam = clients.iam({ ...TARGET, region: GLOBAL_REGION });
  const tags = new Map<string, { Key: string; Value: string }[]>();
  let arns: string[];
  beforeAll(async () => {
    arns = await createEach(['web-2026', 'api-2026', 'old-2020'], async (name) => {
      const uploaded = await iam.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: name,
          Path: '/cloudfront/',
          CertificateBody: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
          PrivateKey: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
        }),
      );
      tags.set(name, [{ Key: 'owner', Value: name.split('-')[0] ?? '' }]);
      return uploaded.ServerCertificateMetadata?.Arn;
    });
    standIn(iam, (operation, input) =>
      operation === 'ListServerCertificateTags'
        ? { Tags: tags.get(String(input.ServerCertificateName)) ?? [], IsTruncated: false }
        : undefined,
    );
  });

  it('lists every certificate by ARN: 1 ListServerCertificates (moto never pages it) + 1 tag read each', async () => {
    clients.counter.reset();
    const records = await type.list(clients, OTHER_REGION, { pageSize: 2 });
    expect(records.map((record) => record.id).sort()).toEqual([...arns].sort());
    expect(records.find((record) => record.name === 'web-2026')).toMatchObject({
      id: 'arn:aws:iam::123456789012:server-certificate/cloudfront/web-2026',
      tags: { owner: 'web' },
      raw: { Path: '/cloudfront/' },
    });
    expect(clients.counter.snapshot()).toEqual({ 'IAM:ListServerCertificateTags': 3, 'IAM:ListServerCertificates': 1 });
  });

  it('re-reads 2 of 3: 1 listing + 1 tag read per live id asked; a tag change is seen, a deleted one is gone', async () => {
    const [live = '', doomed = ''] = arns;
    tags.set('web-2026', [{ Key: 'owner', Value: 'edge' }]);
    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'api-2026' }));
    clients.counter.reset();
    const fresh = await type.fresh(clients, OTHER_REGION, [
      live,
      doomed,
      'arn:aws:iam::123456789012:server-certificate/x',
    ]);
    expect([...fresh.keys()]).toEqual([live]);
    expect(fresh.get(live)?.tags).toEqual({ owner: 'edge' });
    expect(clients.counter.snapshot()).toEqual({ 'IAM:ListServerCertificateTags': 1, 'IAM:ListServerCertificates': 1 });
  });
});
