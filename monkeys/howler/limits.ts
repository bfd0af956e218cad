import {
  type AccountReadCache,
  autoScalingAccountLimits,
  autoScalingGroupCount,
  ec2AccountAttributes,
  elasticIpCount,
  elbv2AccountLimits,
  elbv2LoadBalancerTypes,
  hostedZoneCount,
  launchConfigurationCount,
  onDemandInstanceVcpus,
  route53HostedZoneLimit,
  securityGroupCount,
  targetGroupCount,
  vpcCount,
} from '../../core/aws/account-reads/index.js';
import { isStandardFamily } from './standard-families.js';

/** Where a limit's value came from, in the order Howler asks (the finding's `details.source`). */
export const LIMIT_SOURCES = ['service-quotas', 'api', 'default'] as const;
export type LimitSource = (typeof LIMIT_SOURCES)[number];

/**
 * One AWS limit Howler watches: how to count what is in use, and where its value is read, in order: the applied
 * value in Service Quotas, then the service's own API (where it has one), then AWS's documented default.
 */
export interface LimitDefinition {
  /** The rule id, `limit-<service>-<name>`. */
  readonly id: string;
  /** What is counted, in words ("Elastic IPs"). */
  readonly title: string;
  /** Service Quotas' service and quota codes (the finding's resource is the quota's ARN). */
  readonly serviceCode: string;
  readonly quotaCode: string;
  /** Route 53: one limit per account, reported in the runs of one region only (params.globalRegion). */
  readonly global?: boolean;
  readonly usage: (reads: AccountReadCache) => Promise<number>;
  /** The service's own API, where it tells the limit; absent when none does. */
  readonly api?: { readonly call: string; readonly read: (reads: AccountReadCache) => Promise<number | undefined> };
  /** AWS's documented default for a new account. */
  readonly default: number;
}

/** vCPUs of the running On-Demand instances of the standard families: what quota L-1216C47A counts. */
async function standardOnDemandVcpus(reads: AccountReadCache): Promise<number> {
  const instances = await reads.get(onDemandInstanceVcpus);
  return instances.filter((instance) => isStandardFamily(instance.instanceType)).reduce((sum, i) => sum + i.vcpus, 0);
}

const elbv2Limit = async (reads: AccountReadCache, name: string) => (await reads.get(elbv2AccountLimits)).get(name);
const loadBalancers = async (reads: AccountReadCache, type: string) =>
  (await reads.get(elbv2LoadBalancerTypes)).filter((found) => found === type).length;

/**
 * The limits Howler knows, in report order. Every figure is a declared account read (core/aws/account-reads), whose
 * permissions `simian iam-policy` grants.
 */
export const LIMITS: readonly LimitDefinition[] = [
  {
    id: 'limit-autoscaling-groups',
    title: 'Auto Scaling groups',
    serviceCode: 'autoscaling',
    quotaCode: 'L-CDE20ADC',
    usage: (reads) => reads.get(autoScalingGroupCount),
    api: { call: 'DescribeAccountLimits', read: async (reads) => (await reads.get(autoScalingAccountLimits)).groups },
    default: 500,
  },
  {
    id: 'limit-autoscaling-launch-configurations',
    title: 'launch configurations',
    serviceCode: 'autoscaling',
    quotaCode: 'L-6B80B8FA',
    usage: (reads) => reads.get(launchConfigurationCount),
    api: {
      call: 'DescribeAccountLimits',
      read: async (reads) => (await reads.get(autoScalingAccountLimits)).launchConfigurations,
    },
    default: 200,
  },
  {
    id: 'limit-ec2-on-demand-standard-vcpus',
    title: 'vCPUs of running On-Demand standard (A, C, D, H, I, M, R, T, Z) instances',
    serviceCode: 'ec2',
    quotaCode: 'L-1216C47A',
    usage: (reads) => standardOnDemandVcpus(reads),
    // EC2 tells no vCPU limit of its own (max-instances is the retired count of instances).
    default: 5,
  },
  {
    id: 'limit-ec2-elastic-ips',
    title: 'Elastic IPs',
    serviceCode: 'ec2',
    quotaCode: 'L-0263D0A3',
    usage: (reads) => reads.get(elasticIpCount),
    api: {
      call: 'DescribeAccountAttributes vpc-max-elastic-ips',
      read: async (reads) => (await reads.get(ec2AccountAttributes)).get('vpc-max-elastic-ips'),
    },
    default: 5,
  },
  {
    id: 'limit-vpc-vpcs',
    title: 'VPCs',
    serviceCode: 'vpc',
    quotaCode: 'L-F678F1CE',
    usage: (reads) => reads.get(vpcCount),
    default: 5,
  },
  {
    // AWS counts security groups per Region now (it was 500 per VPC): "VPC security groups per Region".
    id: 'limit-vpc-security-groups',
    title: 'VPC security groups',
    serviceCode: 'vpc',
    quotaCode: 'L-E79EC296',
    usage: (reads) => reads.get(securityGroupCount),
    default: 2500,
  },
  {
    id: 'limit-elbv2-application-load-balancers',
    title: 'Application Load Balancers',
    serviceCode: 'elasticloadbalancing',
    quotaCode: 'L-53DA6B97',
    usage: (reads) => loadBalancers(reads, 'application'),
    api: { call: 'DescribeAccountLimits', read: (reads) => elbv2Limit(reads, 'application-load-balancers') },
    default: 50,
  },
  {
    id: 'limit-elbv2-network-load-balancers',
    title: 'Network Load Balancers',
    serviceCode: 'elasticloadbalancing',
    quotaCode: 'L-69A177A2',
    usage: (reads) => loadBalancers(reads, 'network'),
    api: { call: 'DescribeAccountLimits', read: (reads) => elbv2Limit(reads, 'network-load-balancers') },
    default: 50,
  },
  {
    id: 'limit-elbv2-target-groups',
    title: 'target groups',
    serviceCode: 'elasticloadbalancing',
    quotaCode: 'L-B22855CB',
    usage: (reads) => reads.get(targetGroupCount),
    api: { call: 'DescribeAccountLimits', read: (reads) => elbv2Limit(reads, 'target-groups') },
    default: 3000,
  },
  {
    id: 'limit-route53-hosted-zones',
    title: 'Route 53 hosted zones',
    serviceCode: 'route53',
    quotaCode: 'L-4EA4796A',
    global: true,
    usage: (reads) => reads.get(hostedZoneCount),
    api: {
      call: 'GetAccountLimit MAX_HOSTED_ZONES_BY_OWNER',
      read: (reads) => reads.get(route53HostedZoneLimit),
    },
    default: 500,
  },
];

export const LIMIT_IDS: readonly string[] = LIMITS.map((limit) => limit.id);

/** The ARN Service Quotas gives the quota in this account and region: the finding's resource and incident key. */
export function quotaArn(limit: LimitDefinition, account: string, region: string): string {
  return `arn:aws:servicequotas:${region}:${account}:${limit.serviceCode}/${limit.quotaCode}`;
}
