import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { Instance as Ec2Instance } from '@aws-sdk/client-ec2';
import { type Clock, systemClock } from '../clock.js';
import type { FailedRead, Group, Instance, Snapshot } from '../fleet/model.js';
import { parseGroupName } from '../fleet/naming.js';
import type { AwsClients } from './clients.js';
import { failedReadOf } from './failed-read.js';
import type { PagedResourceType, ResourceRecord, ResourceType, ResourceTypeName } from './resources/index.js';
import { tagsOf } from './resources/support.js';

/** The account and region one snapshot covers (and the role to assume there, if any). */
export interface InventoryTarget {
  readonly account: string;
  readonly region: string;
  readonly roleArn?: string;
}

export interface InventoryOptions {
  /** DescribeAutoScalingGroups page size; AWS allows at most 100. */
  readonly groupPageSize?: number;
  /** DescribeInstances page size (5 to 1000); AWS counts instances, moto counts reservations. */
  readonly instancePageSize?: number;
  readonly clock?: Clock;
  /**
   * The resource types the run reads (a monkey's `reads`); default groups and instances. Only these are listed,
   * each in one paginated sweep, all at once.
   */
  readonly reads?: readonly ResourceTypeName[];
  /**
   * `throw` (default): an AWS error propagates, so a caller never acts on half a picture. `record`: for a run that
   * only reports, each listing that fails is left out and named in `snapshot.failedReads`, the others still read.
   */
  readonly onReadFailure?: 'throw' | 'record';
  /**
   * false: global types (Route 53, IAM) are not listed: another region's run of the same job reports them, once
   * per account. @defaultValue true
   */
  readonly globals?: boolean;
}

/** What the fault monkeys read: groups and their instances. */
export const GROUP_READS: readonly ResourceTypeName[] = ['auto-scaling-group', 'instance'];

/** The largest pages AWS serves, so that a snapshot costs the fewest calls. */
export const MAX_GROUP_PAGE = 100;
export const MAX_INSTANCE_PAGE = 1000;

/** AWS tags every instance an Auto Scaling group launches with the group's name. */
export const ASG_NAME_TAG = 'aws:autoscaling:groupName';

/** A group as DescribeAutoScalingGroups answers it, in the snapshot model's shape (also used by fresh re-checks). */
export function toGroup(asg: AutoScalingGroup): Group {
  const name = asg.AutoScalingGroupName ?? '';
  return {
    name,
    arn: asg.AutoScalingGroupARN,
    tags: tagsOf(asg.Tags),
    tagsNotPropagated: (asg.Tags ?? []).flatMap((tag) => (tag.Key && tag.PropagateAtLaunch === false ? [tag.Key] : [])),
    zones: [...(asg.AvailabilityZones ?? [])].sort(),
    subnetIds: (asg.VPCZoneIdentifier ?? '')
      .split(',')
      .map((subnet) => subnet.trim())
      .filter(Boolean),
    desired: asg.DesiredCapacity ?? 0,
    min: asg.MinSize ?? 0,
    max: asg.MaxSize ?? 0,
    suspendedProcesses: (asg.SuspendedProcesses ?? []).map((process) => process.ProcessName ?? '').filter(Boolean),
    status: asg.Status,
    createdAt: asg.CreatedTime,
    members: (asg.Instances ?? []).map((member) => ({
      id: member.InstanceId ?? '',
      zone: member.AvailabilityZone ?? '',
      lifecycleState: member.LifecycleState ?? 'Unknown',
      healthStatus: member.HealthStatus ?? 'Unknown',
    })),
    naming: parseGroupName(name),
    loadBalancerNames: asg.LoadBalancerNames ?? [],
    targetGroupArns: asg.TargetGroupARNs ?? [],
    launchTagKeys: (asg.Tags ?? []).flatMap((tag) => (tag.PropagateAtLaunch && tag.Key ? [tag.Key] : [])),
  };
}

function toInstance({ id, tags, raw: instance }: ResourceRecord<Ec2Instance>): Instance {
  return {
    id,
    zone: instance.Placement?.AvailabilityZone ?? '',
    state: instance.State?.Name ?? 'unknown',
    launchTime: instance.LaunchTime,
    tags,
    group: tags[ASG_NAME_TAG],
    instanceType: instance.InstanceType,
    subnetId: instance.SubnetId,
    vpcId: instance.VpcId,
    securityGroupIds: (instance.SecurityGroups ?? []).map((group) => group.GroupId ?? '').filter(Boolean),
    rootDeviceName: instance.RootDeviceName,
    volumes: (instance.BlockDeviceMappings ?? []).flatMap((mapping) =>
      mapping.Ebs?.VolumeId
        ? [
            {
              volumeId: mapping.Ebs.VolumeId,
              device: mapping.DeviceName ?? '',
              deleteOnTermination: mapping.Ebs.DeleteOnTermination ?? false,
            },
          ]
        : [],
    ),
    privateIp: instance.PrivateIpAddress,
    ...(instance.PublicIpAddress ? { publicIp: instance.PublicIpAddress } : {}),
    ...(instance.MetadataOptions?.HttpTokens ? { metadataHttpTokens: instance.MetadataOptions.HttpTokens } : {}),
  };
}

/**
 * Every record of a paged type, converted page by page: the SDK's answers (dozens of fields per instance that
 * planning never reads) are dropped as each page arrives, so a big fleet never holds them all at once. Gone records
 * (terminated instances, groups being deleted) are kept: the snapshot shows what AWS shows.
 */
async function listConverted<Raw, T>(
  type: PagedResourceType<Raw>,
  clients: AwsClients,
  target: InventoryTarget,
  pageSize: number,
  convert: (record: ResourceRecord<Raw>) => T,
): Promise<T[]> {
  const converted: T[] = [];
  for await (const page of type.pages(clients, target, { pageSize, includeGone: true })) {
    for (const record of page) converted.push(convert(record));
  }
  return converted;
}

// Loaded on the first read, not at import: effects import toGroup(), and `simian --help` loads the effects.
const groupType = async () => (await import('./resources/auto-scaling-group.js')).autoScalingGroupType;
const instanceType = async () => (await import('./resources/instance.js')).instanceType;

/**
 * Reads one account+region: every Auto Scaling group and every instance, in the largest pages AWS serves (both
 * listings run at once). Read-only; an AWS error propagates, so a caller never acts on half a picture.
 */
export async function takeSnapshot(
  clients: AwsClients,
  target: InventoryTarget,
  options: InventoryOptions = {},
): Promise<Snapshot> {
  const takenAt = (options.clock ?? systemClock).now();
  const failedReads: FailedRead[] = [];
  // A report run records a failed listing and goes on with the others; any other run fails whole.
  const guarded = <T>(type: string, read: () => Promise<T[]>, calls?: string): Promise<T[]> =>
    options.onReadFailure === 'record'
      ? read().catch((error: unknown) => {
          failedReads.push(failedReadOf(type, error, calls));
          return [];
        })
      : read();
  const reads = new Set(options.reads ?? GROUP_READS);
  const others = [...reads].filter((type) => type !== 'auto-scaling-group' && type !== 'instance');
  const [asgs, converted, listed] = await Promise.all([
    reads.has('auto-scaling-group')
      ? guarded('auto-scaling-group', async () =>
          listConverted(await groupType(), clients, target, options.groupPageSize ?? MAX_GROUP_PAGE, (record) =>
            toGroup(record.raw),
          ),
        )
      : [],
    reads.has('instance')
      ? guarded('instance', async () =>
          listConverted(
            await instanceType(),
            clients,
            target,
            options.instancePageSize ?? MAX_INSTANCE_PAGE,
            toInstance,
          ),
        )
      : [],
    // The resource-type registry (and the SDK clients of its types) loads only for a monkey that reads one of them.
    others.length === 0
      ? []
      : import('./resources/index.js').then(({ getResourceType }) =>
          Promise.all(
            others
              .filter((type) => options.globals !== false || !getResourceType(type).global)
              .map(async (type) => {
                const resourceType: ResourceType = getResourceType(type);
                const calls = resourceType.permissions.join(', ');
                return [type, await guarded(type, () => resourceType.list(clients, target), calls)] as const;
              }),
          ),
        ),
  ]);
  const failed = new Set(failedReads.map((read) => read.type));
  const groups = asgs.sort((a, b) => a.name.localeCompare(b.name));
  const groupOf = new Map<string, string>();
  for (const group of groups) for (const member of group.members) groupOf.set(member.id, group.name);
  // The group's own member list is authoritative; the tag covers instances caught mid-attach.
  const instances = converted
    .map((instance) => {
      const group = groupOf.get(instance.id) ?? instance.group;
      return group === instance.group ? instance : { ...instance, group };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  return {
    account: target.account,
    region: target.region,
    takenAt,
    groups,
    instances,
    resources: new Map(listed.filter(([type]) => !failed.has(type))),
    ...(failedReads.length > 0 ? { failedReads } : {}),
  };
}
