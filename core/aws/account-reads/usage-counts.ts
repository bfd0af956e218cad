import type { _InstanceType, Instance } from '@aws-sdk/client-ec2';
import type { LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients, AwsTarget } from '../clients.js';
import { chunk, collectPages } from '../resources/support.js';
import type { ResourceType } from '../resources/types.js';
import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

// What is in use, counted for one account and region. Where a registered resource type lists the thing at no extra
// cost, the count is its listing (gone ones included: AWS counts them until they are gone); ELBv2's types read tags
// apart (one DescribeTags per 20), which a count does not need, so ELBv2 is counted from its Describe calls alone.

/** A count that is the length of a registered type's listing; its permissions are the type's. */
function countOf<Raw>(
  load: () => Promise<ResourceType<Raw>>,
  kind: AccountReadKind,
  keep: (raw: Raw) => boolean = () => true,
): AccountRead<number> {
  return accountRead(kind, async (clients, target) => {
    const records = await (await load()).list(clients, target, { includeGone: true });
    return records.filter((record) => keep(record.raw)).length;
  });
}

const typeCount = (kind: string, service: string, permission: string): AccountReadKind => ({
  kind,
  service,
  permissions: [permission],
});

const AUTO_SCALING_GROUP_COUNT = typeCount(
  'auto-scaling-group-count',
  'AutoScaling',
  'autoscaling:DescribeAutoScalingGroups',
);
export const autoScalingGroupCount = countOf(
  async () => (await import('../resources/auto-scaling-group.js')).autoScalingGroupType,
  AUTO_SCALING_GROUP_COUNT,
);

const LAUNCH_CONFIGURATION_COUNT = typeCount(
  'launch-configuration-count',
  'AutoScaling',
  'autoscaling:DescribeLaunchConfigurations',
);
export const launchConfigurationCount = countOf(
  async () => (await import('../resources/launch-configuration.js')).launchConfigurationType,
  LAUNCH_CONFIGURATION_COUNT,
);

const ELASTIC_IP_COUNT = typeCount('elastic-ip-count', 'EC2', 'ec2:DescribeAddresses');
/** VPC Elastic IPs (EC2-Classic `standard` addresses have a quota of their own). */
export const elasticIpCount = countOf(
  async () => (await import('../resources/elastic-ip.js')).elasticIpType,
  ELASTIC_IP_COUNT,
  (raw) => raw.Domain !== 'standard',
);

const SECURITY_GROUP_COUNT = typeCount('security-group-count', 'EC2', 'ec2:DescribeSecurityGroups');
export const securityGroupCount = countOf(
  async () => (await import('../resources/security-group.js')).securityGroupType,
  SECURITY_GROUP_COUNT,
);

const VPC_COUNT = typeCount('vpc-count', 'EC2', 'ec2:DescribeVpcs');
export const vpcCount = accountRead(VPC_COUNT, async (clients, target) => {
  const { DescribeVpcsCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = clients.ec2(target);
  const vpcs = await collectPages(async (token) => {
    const page = await ec2.send(new DescribeVpcsCommand({ MaxResults: 1000, NextToken: token }));
    return { items: page.Vpcs, next: page.NextToken };
  });
  return vpcs.length;
});

const ELBV2_LOAD_BALANCER_TYPES = typeCount(
  'elbv2-load-balancer-types',
  'ELBv2',
  'elasticloadbalancing:DescribeLoadBalancers',
);
/** The type (`application`, `network`, `gateway`) of every ELBv2 load balancer. */
export const elbv2LoadBalancerTypes = accountRead(ELBV2_LOAD_BALANCER_TYPES, async (clients, target) => {
  const { DescribeLoadBalancersCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const elbv2 = clients.elbv2(target);
  const balancers = await collectPages<LoadBalancer>(async (marker) => {
    const page = await elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 400, Marker: marker }));
    return { items: page.LoadBalancers, next: page.NextMarker };
  });
  return balancers.map((balancer) => balancer.Type ?? '');
});

const TARGET_GROUP_COUNT = typeCount('target-group-count', 'ELBv2', 'elasticloadbalancing:DescribeTargetGroups');
export const targetGroupCount = accountRead(TARGET_GROUP_COUNT, async (clients, target) => {
  const { DescribeTargetGroupsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const elbv2 = clients.elbv2(target);
  const groups = await collectPages<TargetGroup>(async (marker) => {
    const page = await elbv2.send(new DescribeTargetGroupsCommand({ PageSize: 400, Marker: marker }));
    return { items: page.TargetGroups, next: page.NextMarker };
  });
  return groups.length;
});

const HOSTED_ZONE_COUNT = typeCount('hosted-zone-count', 'Route53', 'route53:GetHostedZoneCount');
/** Route 53 is global: the account's hosted zones, whatever the region. */
export const hostedZoneCount = accountRead(
  HOSTED_ZONE_COUNT,
  async (clients, target) => {
    const { GetHostedZoneCountCommand } = await import('@aws-sdk/client-route-53');
    const answer = await clients.route53(target).send(new GetHostedZoneCountCommand({}));
    return answer.HostedZoneCount ?? 0;
  },
  { global: true },
);

const ON_DEMAND_VCPUS: AccountReadKind = {
  kind: 'on-demand-instance-vcpus',
  service: 'EC2',
  permissions: ['ec2:DescribeInstances', 'ec2:DescribeInstanceTypes'],
};

/** DescribeInstanceTypes takes at most 100 names a call. */
const INSTANCE_TYPES_PER_CALL = 100;

/** Default vCPUs per instance type, 100 types a call; a type AWS does not know fails the read. */
async function vcpusOf(clients: AwsClients, target: AwsTarget, types: readonly string[]) {
  const { DescribeInstanceTypesCommand } = await import('@aws-sdk/client-ec2');
  const vcpus = new Map<string, number>();
  for (const some of chunk(types, INSTANCE_TYPES_PER_CALL)) {
    const answer = await clients
      .ec2(target)
      .send(new DescribeInstanceTypesCommand({ InstanceTypes: some as _InstanceType[] }));
    for (const info of answer.InstanceTypes ?? []) {
      if (info.InstanceType && info.VCpuInfo?.DefaultVCpus !== undefined) {
        vcpus.set(info.InstanceType, info.VCpuInfo.DefaultVCpus);
      }
    }
  }
  const unknown = types.filter((type) => !vcpus.has(type));
  if (unknown.length > 0) throw new Error(`DescribeInstanceTypes does not know ${unknown.join(', ')}`);
  return vcpus;
}

/**
 * The running and pending On-Demand instances (Spot and Scheduled Instances have quotas of their own), each with
 * its type and default vCPUs. Asked with a state filter, which the instance type's listing does not take: a count
 * of what runs should not page through every stopped instance.
 */
export const onDemandInstanceVcpus = accountRead(ON_DEMAND_VCPUS, async (clients, target) => {
  const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = clients.ec2(target);
  const Filters = [{ Name: 'instance-state-name', Values: ['pending', 'running'] }];
  const instances = await collectPages<Instance>(async (token) => {
    const page = await ec2.send(new DescribeInstancesCommand({ Filters, MaxResults: 1000, NextToken: token }));
    return {
      items: (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []),
      next: page.NextToken,
    };
  });
  const onDemand = instances.filter((instance) => instance.InstanceLifecycle === undefined);
  const types = onDemand.map((instance) => instance.InstanceType ?? '');
  const vcpus = await vcpusOf(clients, target, [...new Set(types)]);
  return types.map((instanceType) => ({ instanceType, vcpus: vcpus.get(instanceType) ?? 0 }));
});

export const USAGE_COUNT_KINDS: readonly AccountReadKind[] = [
  AUTO_SCALING_GROUP_COUNT,
  LAUNCH_CONFIGURATION_COUNT,
  ELASTIC_IP_COUNT,
  SECURITY_GROUP_COUNT,
  VPC_COUNT,
  ELBV2_LOAD_BALANCER_TYPES,
  TARGET_GROUP_COUNT,
  HOSTED_ZONE_COUNT,
  ON_DEMAND_VCPUS,
];
