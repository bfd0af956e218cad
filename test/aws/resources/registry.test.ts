import { describe, expect, it } from 'vitest';
import {
  getResourceType,
  parseRoute53RecordId,
  RESOURCE_TYPE_NAMES,
  resourceTypeMap,
  resourceTypeOf,
  resourceTypes,
  route53RecordId,
} from '../../../core/aws/resources/index.js';
import { InputError } from '../../../core/errors.js';
import { testClients } from '../../support/env.js';
import { TARGET } from './support.js';

const PERMISSION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** One id of every recognisable type, as AWS (and moto) spell them. */
const SAMPLES: Record<string, string> = {
  instance: 'i-0123456789abcdef0',
  volume: 'vol-0123456789abcdef0',
  snapshot: 'snap-0123456789abcdef0',
  image: 'ami-0123456789abcdef0',
  'launch-template': 'lt-0123456789abcdef0',
  'load-balancer': 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188',
  'target-group': 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067',
  'elastic-ip': 'eipalloc-0123456789abcdef0',
  'security-group': 'sg-0123456789abcdef0',
  subnet: 'subnet-0123456789abcdef0',
  'network-acl': 'acl-0123456789abcdef0',
  'network-interface': 'eni-0123456789abcdef0',
  'route53-record': 'Z1D633PJN98FT9/www.example.com./A/eu-west-1',
  'acm-certificate': 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012',
  'iam-server-certificate': 'arn:aws:iam::123456789012:server-certificate/cloudfront/web-2026',
  'rds-snapshot': 'arn:aws:rds:us-east-1:123456789012:snapshot:orders-before-migration',
  'log-group': 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders',
  'rds-cluster-snapshot': 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:orders-before-upgrade',
};

describe('resource type registry', () => {
  it('holds every type once, under its own name, in the contract order', () => {
    expect(resourceTypes.map((type) => type.name)).toEqual([...RESOURCE_TYPE_NAMES]);
    for (const [name, type] of Object.entries(resourceTypeMap)) expect(type.name).toBe(name);
    for (const name of [
      'instance',
      'volume',
      'snapshot',
      'image',
      'auto-scaling-group',
      'launch-configuration',
      'launch-template',
      'load-balancer',
      'elastic-ip',
      'security-group',
      'route53-record',
      'acm-certificate',
      'iam-server-certificate',
    ]) {
      expect(getResourceType(name).name).toBe(name);
    }
  });

  it('an unknown name fails with the list of valid ones', () => {
    expect(() => getResourceType('bucket')).toThrow(InputError);
    expect(() => getResourceType('bucket')).toThrow(
      /unknown resource type "bucket" \(valid types: instance, auto-scaling-group, volume, .*iam-server-certificate, rds-snapshot, log-group, rds-cluster-snapshot\)/,
    );
  });

  it('every type declares well-formed read permissions, a counter service and an id field', () => {
    for (const type of resourceTypes) {
      expect(type.permissions.length, type.name).toBeGreaterThan(0);
      for (const permission of type.permissions) expect(permission, type.name).toMatch(PERMISSION);
      expect(type.service, type.name).toMatch(/^(EC2|AutoScaling|ELBv2|ELB|ACM|IAM|Route53|RDS|Logs)$/);
      expect(type.idField, type.name).not.toBe('');
    }
    expect(resourceTypes.filter((type) => type.global).map((type) => type.name)).toEqual([
      'route53-record',
      'iam-server-certificate',
    ]);
  });

  it('recognises an id of every recognisable type, and no other type claims it', () => {
    for (const type of resourceTypes.filter((candidate) => candidate.recognisable)) {
      const sample = SAMPLES[type.name];
      expect(sample, `a sample id for ${type.name}`).toBeDefined();
      expect(resourceTypeOf(sample ?? '')?.name, sample).toBe(type.name);
      const claimants = resourceTypes.filter((other) => other.recognisable && other.matches(sample ?? ''));
      expect(
        claimants.map((other) => other.name),
        sample,
      ).toEqual([type.name]);
    }
    // The short (8 hex digit) ids of older resources too.
    expect(resourceTypeOf('i-12345678')?.name).toBe('instance');
    expect(resourceTypeOf('vol-1a2b3c4d')?.name).toBe('volume');
  });

  it('returns undefined for what it cannot recognise, and never guesses a bare name', () => {
    for (const id of [
      '',
      'web-prod',
      'i-',
      'i-XYZ',
      'vpc-0123456789abcdef0',
      'arn:aws:s3:::bucket',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/web',
      'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/web-prod',
    ]) {
      expect(resourceTypeOf(id), id).toBeUndefined();
    }
    for (const name of ['auto-scaling-group', 'launch-configuration', 'classic-load-balancer'] as const) {
      expect(getResourceType(name).recognisable).toBe(false);
      expect(getResourceType(name).matches('web-prod')).toBe(true);
    }
  });

  it('Route 53 record ids round-trip, the set identifier last', () => {
    const key = {
      hostedZoneId: '/hostedzone/Z1D633PJN98FT9',
      name: 'WWW.Example.com',
      type: 'A',
      setIdentifier: 'a/b',
    };
    const id = route53RecordId(key);
    expect(id).toBe('Z1D633PJN98FT9/www.example.com./A/a/b');
    expect(parseRoute53RecordId(id)).toEqual({
      hostedZoneId: 'Z1D633PJN98FT9',
      name: 'www.example.com.',
      type: 'A',
      setIdentifier: 'a/b',
    });
    expect(parseRoute53RecordId('Z1D633PJN98FT9/example.com./SOA')).toEqual({
      hostedZoneId: 'Z1D633PJN98FT9',
      name: 'example.com.',
      type: 'SOA',
    });
    expect(parseRoute53RecordId('web-prod')).toBeUndefined();
  });

  it('every type lists and re-reads (nothing) through the read-only view: each only reads', async () => {
    const clients = testClients().readOnly();
    for (const type of resourceTypes) {
      await expect(type.list(clients, TARGET), type.name).resolves.toBeInstanceOf(Array);
      await expect(type.fresh(clients, TARGET, []), type.name).resolves.toEqual(new Map());
    }
    expect(clients.counter.count('EC2:DescribeVolumes')).toBe(1);
  });
});
