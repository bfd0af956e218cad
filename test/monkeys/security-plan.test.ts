import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../core/aws/resources/types.js';
import { security } from '../../monkeys/security.js';
import { snapshotOf } from '../support/snapshot.js';

const NOW = new Date('2026-12-01T12:00:00Z');

function record(name: string, type: string, target: { value?: string; alias?: string }): ResourceRecord {
  return {
    id: `Z1/${name}/${type}`,
    name,
    tags: {},
    raw: {
      hostedZoneId: 'Z1',
      zoneName: 'example.com.',
      recordSet: {
        Name: name,
        Type: type,
        ...(target.value ? { ResourceRecords: [{ Value: target.value }] } : {}),
        ...(target.alias
          ? { AliasTarget: { DNSName: target.alias, HostedZoneId: 'Z2', EvaluateTargetHealth: false } }
          : {}),
      },
    },
  };
}

/** dangling-dns over Route 53 records built in memory: the shapes moto's names do not take (NLB, other regions). */
function danglingOver(records: ResourceRecord[], ignore: string[] = []) {
  const plan = security.plan({
    snapshot: snapshotOf([], { takenAt: NOW, resources: new Map([['route53-record', records]]) }),
    params: security.params.parse({ rules: { 'dangling-dns': { ignore } } }),
    optIn: () => ({ group: '', monkey: 'security', eligible: true, reason: 'report' }),
    random: Math.random,
    now: NOW,
    observed: { iamCertificates: {}, elsewhere: { regions: [], addresses: [], balancers: [] } },
  });
  return (plan.findings ?? []).filter((finding) => finding.rule === 'dangling-dns').map((finding) => finding.resource);
}

describe('dangling-dns (plan over in-memory records)', () => {
  it("judges load balancer names of the run's region only, in both the classic/ALB and the NLB form", () => {
    const records = [
      record('nlb.example.com.', 'CNAME', { value: 'api-0123.elb.us-east-1.amazonaws.com' }),
      record('alb.example.com.', 'A', { alias: 'dualstack.web-1.us-east-1.elb.amazonaws.com.' }),
      record('west.example.com.', 'CNAME', { value: 'web-1.us-west-2.elb.amazonaws.com' }),
      record('cdn.example.com.', 'CNAME', { value: 'd111.cloudfront.net' }),
    ];
    expect(danglingOver(records)).toEqual(['Z1/alb.example.com./A', 'Z1/nlb.example.com./CNAME']);
  });

  it('leaves alone the addresses, CIDRs (IPv4 and IPv6) and record-name globs under ignore', () => {
    const records = [
      record('a.example.com.', 'A', { value: '198.51.100.7' }),
      record('b.example.com.', 'AAAA', { value: '2001:db8::1' }),
      record('c.partner.example.com.', 'A', { value: '192.0.2.1' }),
      record('d.example.com.', 'A', { value: '192.0.2.9' }),
    ];
    expect(danglingOver(records, ['198.51.100.7', '2001:db8::/32', '*.partner.example.com.'])).toEqual([
      'Z1/d.example.com./A',
    ]);
  });

  it('refuses a malformed CIDR in ignore, naming it', () => {
    const parsed = security.params.safeParse({ rules: { 'dangling-dns': { ignore: ['10.0.0.0/40'] } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('"10.0.0.0/40" is not a CIDR (prefix length 0 to 32)');
  });
});
