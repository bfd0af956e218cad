import type { Limit as ElbLimit } from '@aws-sdk/client-elastic-load-balancing-v2';
import { collectPages } from '../resources/support.js';
import { type AccountReadKind, accountRead, numberOf } from './account-read.js';

// The services' own answers about their limits: Howler's second source, after Service Quotas.

const AUTOSCALING_ACCOUNT_LIMITS: AccountReadKind = {
  kind: 'autoscaling-account-limits',
  service: 'AutoScaling',
  permissions: ['autoscaling:DescribeAccountLimits'],
};

/** Auto Scaling's DescribeAccountLimits: MaxNumberOfAutoScalingGroups and MaxNumberOfLaunchConfigurations. */
export const autoScalingAccountLimits = accountRead(AUTOSCALING_ACCOUNT_LIMITS, async (clients, target) => {
  const { DescribeAccountLimitsCommand } = await import('@aws-sdk/client-auto-scaling');
  const answer = await clients.autoScaling(target).send(new DescribeAccountLimitsCommand({}));
  return { groups: answer.MaxNumberOfAutoScalingGroups, launchConfigurations: answer.MaxNumberOfLaunchConfigurations };
});

const EC2_ACCOUNT_ATTRIBUTES: AccountReadKind = {
  kind: 'ec2-account-attributes',
  service: 'EC2',
  permissions: ['ec2:DescribeAccountAttributes'],
};

/** EC2's account attributes as numbers (`vpc-max-elastic-ips`, `max-instances`), by name. */
export const ec2AccountAttributes = accountRead(EC2_ACCOUNT_ATTRIBUTES, async (clients, target) => {
  const { DescribeAccountAttributesCommand } = await import('@aws-sdk/client-ec2');
  const answer = await clients.ec2(target).send(new DescribeAccountAttributesCommand({}));
  const values = new Map<string, number | undefined>();
  for (const attribute of answer.AccountAttributes ?? []) {
    if (attribute.AttributeName) {
      values.set(attribute.AttributeName, numberOf(attribute.AttributeValues?.[0]?.AttributeValue));
    }
  }
  return values;
});

const ELBV2_ACCOUNT_LIMITS: AccountReadKind = {
  kind: 'elbv2-account-limits',
  service: 'ELBv2',
  permissions: ['elasticloadbalancing:DescribeAccountLimits'],
};

/** ELBv2's account limits by name (`application-load-balancers`, `target-groups` …), every page. */
export const elbv2AccountLimits = accountRead(ELBV2_ACCOUNT_LIMITS, async (clients, target) => {
  const { DescribeAccountLimitsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const elbv2 = clients.elbv2(target);
  const limits = await collectPages<ElbLimit>(async (marker) => {
    const page = await elbv2.send(new DescribeAccountLimitsCommand({ Marker: marker }));
    return { items: page.Limits, next: page.NextMarker };
  });
  return new Map(limits.flatMap((limit) => (limit.Name ? [[limit.Name, numberOf(limit.Max)] as const] : [])));
});

const ROUTE53_ACCOUNT_LIMIT: AccountReadKind = {
  kind: 'route53-account-limit',
  service: 'Route53',
  permissions: ['route53:GetAccountLimit'],
};

/** Route 53's limit on hosted zones per account (GetAccountLimit MAX_HOSTED_ZONES_BY_OWNER); global. */
export const route53HostedZoneLimit = accountRead(
  ROUTE53_ACCOUNT_LIMIT,
  async (clients, target) => {
    const { GetAccountLimitCommand } = await import('@aws-sdk/client-route-53');
    const answer = await clients
      .route53(target)
      .send(new GetAccountLimitCommand({ Type: 'MAX_HOSTED_ZONES_BY_OWNER' }));
    return answer.Limit?.Value;
  },
  { name: `${ROUTE53_ACCOUNT_LIMIT.kind}:MAX_HOSTED_ZONES_BY_OWNER`, global: true },
);

export const SERVICE_LIMIT_KINDS: readonly AccountReadKind[] = [
  AUTOSCALING_ACCOUNT_LIMITS,
  EC2_ACCOUNT_ATTRIBUTES,
  ELBV2_ACCOUNT_LIMITS,
  ROUTE53_ACCOUNT_LIMIT,
];
