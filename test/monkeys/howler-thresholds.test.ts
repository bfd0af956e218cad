// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { describe, expect, it } from 'vitest';
import { iamPolicy } from '../../core/actuator/iam-policy.js';
import { howlerParams } from '../../monkeys/howler/settings.js';
import { isStandardFamily } from '../../monkeys/howler/standard-families.js';
import { percentOf, severityOf, threshold } from '../../monkeys/howler/thresholds.js';

describe('howler thresholds and families', () => {
  it('reads "80%" as a percent of the limit and 40 as a count in use; defaults warning 80%, critical 95%', () => {
    expect(threshold.parse('80%')).toEqual({ percent: 80 });
    expect(threshold.parse(' 99.5 % ')).toEqual({ percent: 99.5 });
    expect(threshold.parse(40)).toEqual({ count: 40 });
    expect(threshold.safeParse('80').success).toBe(false);
    expect(threshold.safeParse(-1).success).toBe(false);
    expect(howlerParams.parse({})).toMatchObject({ warning: { percent: 80 }, critical: { percent: 95 } });
  });

  it('is critical at the critical threshold, a warning at the warning one, silent below and at zero use', () => {
    const levels = { warning: { percent: 80 }, critical: { percent: 95 } };
    expect([79, 80, 94, 95, 120].map((usage) => severityOf(usage, 100, levels))).toEqual([
      undefined,
      'warning',
      'warning',
      'critical',
      'critical',
    ]);
    expect(severityOf(0, 0, levels)).toBeUndefined();
    expect(severityOf(1, 0, levels)).toBe('critical');
    expect(severityOf(3, 500, { warning: { count: 2 }, critical: { count: 10 } })).toBe('warning');
    expect(percentOf(1, 3)).toBe(33.3);
  });

  it('counts the standard On-Demand families (A, C, D, H, I, M, R, T, Z) only', () => {
    const standard = ['m5.large', 'c7g.xlarge', 't3.micro', 'r6i.2xlarge', 'a1.medium', 'd3en.xlarge', 'i4i.large'];
    const others = ['p3.2xlarge', 'g5.xlarge', 'x2idn.16xlarge', 'inf1.xlarge', 'dl1.24xlarge', 'hpc6a.48xlarge'];
    expect(standard.filter(isStandardFamily)).toEqual(standard);
    expect(others.filter(isStandardFamily)).toEqual([]);
    expect(['z1d.large', 'h1.2xlarge', 'mac1.metal', 'trn1.2xlarge'].filter(isStandardFamily)).toEqual([
      'z1d.large',
      'h1.2xlarge',
    ]);
  });

  it('puts what Howler reads in simian iam-policy', () => {
    const read = iamPolicy().Statement.find((statement) => statement.Sid === 'SimianRead')?.Action ?? [];
    for (const permission of [
      'servicequotas:GetServiceQuota',
      'autoscaling:DescribeAccountLimits',
      'autoscaling:DescribeLaunchConfigurations',
      'ec2:DescribeAccountAttributes',
      'ec2:DescribeAddresses',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeVpcs',
      'elasticloadbalancing:DescribeAccountLimits',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeTargetGroups',
      'route53:GetAccountLimit',
      'route53:GetHostedZoneCount',
    ]) {
      expect(read).toContain(permission);
    }
  });
});
