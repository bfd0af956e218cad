import {
  AttachInstancesCommand,
  type AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  AttachVolumeCommand,
  CreateLaunchTemplateCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  type EC2Client,
  RunInstancesCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients.js';
import { mapLimit } from '../aws/resources/support.js';
import { InputError } from '../errors.js';

/** One Auto Scaling group to create, with its instances placed exactly per zone. */
export interface GroupSeed {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Instances in each of the group's zones, or a count per zone. Default 1. */
  readonly instancesPerZone?: number | Readonly<Record<string, number>>;
  /** The group's zones; default every zone of the fleet. */
  readonly zones?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /**
   * The group launches its instances itself (one CreateAutoScalingGroup with that desired capacity, placed by the
   * emulator over the group's zones) instead of RunInstances then AttachInstances: the quick way to seed thousands.
   */
  readonly launchedByGroup?: boolean;
}

/** A sandbox fleet in one region. */
export interface FleetSpec {
  readonly region: string;
  readonly zones: readonly string[];
  readonly groups?: readonly GroupSeed[];
  /** Instances in no group, spread over the zones. */
  readonly loose?: {
    readonly count: number;
    readonly tags?: Readonly<Record<string, string>>;
    /** One RunInstances (one reservation) per instance: moto pages DescribeInstances by reservation. */
    readonly onePerReservation?: boolean;
  };
  /** EBS volumes: `attached` ones go to the fleet's instances in turn, `detached` stay available. */
  readonly volumes?: {
    readonly attached?: number;
    readonly detached?: number;
    readonly tags?: Readonly<Record<string, string>>;
  };
  /** Snapshots of the fleet's first volume (one is created if the spec has none). */
  readonly snapshots?: number;
  readonly instanceType?: string;
}

export interface SeededGroup {
  readonly name: string;
  readonly zones: readonly string[];
  readonly instancesByZone: Readonly<Record<string, readonly string[]>>;
  readonly instanceIds: readonly string[];
}

/** The ids of everything seeded, for tests to assert against. */
export interface SeededFleet {
  readonly region: string;
  readonly zones: readonly string[];
  readonly vpcId: string;
  readonly securityGroupId: string;
  readonly subnetsByZone: Readonly<Record<string, string>>;
  readonly imageId: string;
  readonly launchTemplateName: string;
  readonly groups: readonly SeededGroup[];
  readonly looseInstanceIds: readonly string[];
  readonly volumes: { readonly attached: readonly string[]; readonly detached: readonly string[] };
  readonly snapshotIds: readonly string[];
}

// Images moto ships in every region; an exact name is answered fast, a wildcard scans ~1,000 images.
const IMAGE_NAMES = ['amzn2-ami-hvm-2.0.20180810-x86_64-gp2', 'amzn2-ami-hvm-*-x86_64-gp2', '*'];
const ATTACH_BATCH = 20; // AttachInstances takes at most 20 ids
const DESCRIBE_GROUPS_BATCH = 100; // DescribeAutoScalingGroups takes at most 100 names
const PARALLEL = 8;

/** Refuses unless calls go to an endpoint emulator: seeding must never touch a real account. */
export function assertSandboxEndpoint(clients: AwsClients): string {
  const endpoint = clients.endpointUrl;
  if (!endpoint || /amazonaws\.com/i.test(endpoint)) {
    throw new InputError(
      'fleet seeding only runs against a local AWS emulator (moto): set AWS_ENDPOINT_URL or --endpoint-url to it; it never creates resources in a real account',
    );
  }
  return endpoint;
}

/**
 * A /20 per zone (4,091 addresses: up to 16 zones in the VPC's /16), or, for a fleet in one zone, half the VPC
 * (32,763 addresses), so that one zone can hold the 10,000 instances of a benchmark.
 */
function subnetCidr(index: number, zones: number): string {
  return zones === 1 ? '10.0.0.0/17' : `10.0.${index * 16}.0/20`;
}

function toTags(tags: Readonly<Record<string, string>> | undefined): Tag[] {
  return Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

async function findImage(ec2: EC2Client): Promise<string> {
  for (const name of IMAGE_NAMES) {
    const found = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: [name] }] }));
    const imageId = found.Images?.find((image) => image.ImageId)?.ImageId;
    if (imageId) return imageId;
  }
  throw new Error('the AWS emulator offers no machine image to launch instances from');
}

/** One RunInstances: that many instances of one image and type, in one subnet, with their tags. */
interface Launch {
  imageId: string;
  instanceType: string;
  securityGroupId: string;
  subnetId: string;
  count: number;
  tags: Tag[];
}

async function runInstances(ec2: EC2Client, launch: Launch): Promise<string[]> {
  if (launch.count === 0) return [];
  return inSubnets([launch.subnetId], () => launchNow(ec2, launch));
}

/**
 * moto hands out a subnet's addresses from a generator that is not thread-safe: two launches into one subnet at
 * once fail with an HTML 500 ("generator already executing"). Launches into one subnet go one after another.
 */
function inSubnets<T>(subnetIds: readonly string[], launch: () => Promise<T>): Promise<T> {
  const previous = Promise.all(subnetIds.map((subnetId) => subnetLaunches.get(subnetId)));
  const launched = previous.then(launch);
  for (const subnetId of subnetIds) {
    subnetLaunches.set(
      subnetId,
      launched.catch(() => undefined),
    );
  }
  return launched;
}

/** The last launch into each subnet, which the next one waits for. */
const subnetLaunches = new Map<string, Promise<unknown>>();

async function launchNow(ec2: EC2Client, launch: Launch): Promise<string[]> {
  const result = await ec2.send(
    new RunInstancesCommand({
      ImageId: launch.imageId,
      InstanceType: launch.instanceType as never,
      SubnetId: launch.subnetId,
      SecurityGroupIds: [launch.securityGroupId],
      MinCount: launch.count,
      MaxCount: launch.count,
      ...(launch.tags.length > 0 ? { TagSpecifications: [{ ResourceType: 'instance', Tags: launch.tags }] } : {}),
    }),
  );
  return (result.Instances ?? []).map((instance) => instance.InstanceId as string);
}

function countIn(seed: GroupSeed, zone: string): number {
  const wanted = seed.instancesPerZone ?? 1;
  return typeof wanted === 'number' ? wanted : (wanted[zone] ?? 0);
}

/**
 * Creates a fleet in the emulator: a VPC with one subnet per zone, a launch template, Auto Scaling groups whose
 * instances are launched into each zone's subnet and then attached (exact placement), loose instances, volumes
 * and snapshots. Sandbox and test setup only: it refuses to run without an endpoint URL.
 */
export async function seedFleet(clients: AwsClients, spec: FleetSpec): Promise<SeededFleet> {
  assertSandboxEndpoint(clients);
  const target = { region: spec.region };
  const ec2 = clients.ec2(target);
  const autoScaling = clients.autoScaling(target);
  const instanceType = spec.instanceType ?? 't3.micro';

  const [vpc, imageId] = await Promise.all([
    ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' })),
    findImage(ec2),
  ]);
  const vpcId = vpc.Vpc?.VpcId as string;
  const securityGroup = ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'simian-sandbox', Description: 'simian sandbox fleet', VpcId: vpcId }),
  );
  const subnetIds = await Promise.all(
    spec.zones.map(async (zone, index) => {
      const subnet = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          AvailabilityZone: zone,
          CidrBlock: subnetCidr(index, spec.zones.length),
        }),
      );
      return subnet.Subnet?.SubnetId as string;
    }),
  );
  const securityGroupId = (await securityGroup).GroupId as string;
  const subnetsByZone = Object.fromEntries(spec.zones.map((zone, index) => [zone, subnetIds[index] as string]));
  const subnetOf = (zone: string) => {
    const subnet = subnetsByZone[zone];
    if (!subnet) throw new InputError(`zone ${zone} is not one of the fleet's zones (${spec.zones.join(', ')})`);
    return subnet;
  };

  const launchTemplateName = `simian-sandbox-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  await ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: launchTemplateName,
      LaunchTemplateData: { ImageId: imageId, InstanceType: instanceType as never },
    }),
  );

  const created = await mapLimit(spec.groups ?? [], PARALLEL, async (seed): Promise<SeededGroup> => {
    const zones = seed.zones ?? spec.zones;
    const total = zones.reduce((sum, zone) => sum + countIn(seed, zone), 0);
    const desired = seed.launchedByGroup ? total : 0;
    const create = () =>
      autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: seed.name,
          LaunchTemplate: { LaunchTemplateName: launchTemplateName, Version: '$Latest' },
          MinSize: 0,
          MaxSize: seed.max ?? Math.max(total * 2, 1),
          DesiredCapacity: desired,
          VPCZoneIdentifier: zones.map(subnetOf).join(','),
          Tags: Object.entries(seed.tags ?? {}).map(([Key, Value]) => ({
            Key,
            Value,
            PropagateAtLaunch: true,
            ResourceId: seed.name,
            ResourceType: 'auto-scaling-group',
          })),
        }),
      );
    // A group that launches its own instances takes addresses from its subnets like a RunInstances does.
    await (desired > 0 ? inSubnets(zones.map(subnetOf), create) : create());
    if (seed.launchedByGroup) return { name: seed.name, zones, instancesByZone: {}, instanceIds: [] };
    const instanceTags = toTags({ Name: seed.name, ...seed.tags });
    const launched = await Promise.all(
      zones.map((zone) =>
        runInstances(ec2, {
          imageId,
          instanceType,
          securityGroupId,
          subnetId: subnetOf(zone),
          count: countIn(seed, zone),
          tags: instanceTags,
        }),
      ),
    );
    const instanceIds = launched.flat();
    for (const batch of chunks(instanceIds, ATTACH_BATCH)) {
      await autoScaling.send(new AttachInstancesCommand({ AutoScalingGroupName: seed.name, InstanceIds: batch }));
    }
    if (seed.min) {
      await autoScaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: seed.name, MinSize: seed.min }));
    }
    return {
      name: seed.name,
      zones,
      instancesByZone: Object.fromEntries(zones.map((zone, index) => [zone, launched[index] ?? []])),
      instanceIds,
    };
  });
  const groups = await membersOfLaunched(autoScaling, spec.groups ?? [], created);

  const zoneOf = new Map<string, string>();
  for (const group of groups) {
    for (const [zone, ids] of Object.entries(group.instancesByZone)) for (const id of ids) zoneOf.set(id, zone);
  }
  const looseInstanceIds = await seedLoose(ec2, spec, { imageId, instanceType, securityGroupId, subnetOf }, zoneOf);
  const volumes = await seedVolumes(
    ec2,
    spec,
    [...looseInstanceIds, ...groups.flatMap((group) => group.instanceIds)],
    zoneOf,
  );
  const snapshotIds = await seedSnapshots(ec2, spec, volumes);
  return {
    region: spec.region,
    zones: [...spec.zones],
    vpcId,
    securityGroupId,
    subnetsByZone,
    imageId,
    launchTemplateName,
    groups,
    looseInstanceIds,
    volumes,
    snapshotIds,
  };
}

/** The members of the groups that launched their own instances, read back in batches of group names. */
async function membersOfLaunched(
  autoScaling: AutoScalingClient,
  seeds: readonly GroupSeed[],
  created: readonly SeededGroup[],
): Promise<SeededGroup[]> {
  const launched = seeds.filter((seed) => seed.launchedByGroup).map((seed) => seed.name);
  const members = new Map<string, { id: string; zone: string }[]>();
  for (const names of chunks(launched, DESCRIBE_GROUPS_BATCH)) {
    let token: string | undefined;
    do {
      const page = await autoScaling.send(
        new DescribeAutoScalingGroupsCommand({
          AutoScalingGroupNames: names,
          MaxRecords: DESCRIBE_GROUPS_BATCH,
          NextToken: token,
        }),
      );
      for (const group of page.AutoScalingGroups ?? []) {
        const list = (group.Instances ?? []).map((member) => ({
          id: member.InstanceId as string,
          zone: member.AvailabilityZone as string,
        }));
        members.set(group.AutoScalingGroupName as string, list);
      }
      token = page.NextToken;
    } while (token);
  }
  return created.map((group) => {
    const found = members.get(group.name);
    if (!found) return group;
    const instancesByZone = Object.fromEntries(
      group.zones.map((zone) => [zone, found.filter((member) => member.zone === zone).map((member) => member.id)]),
    );
    return { ...group, instancesByZone, instanceIds: found.map((member) => member.id) };
  });
}

async function seedLoose(
  ec2: EC2Client,
  spec: FleetSpec,
  launch: { imageId: string; instanceType: string; securityGroupId: string; subnetOf: (zone: string) => string },
  zoneOf: Map<string, string>,
): Promise<string[]> {
  const loose = spec.loose;
  if (!loose || loose.count === 0) return [];
  const tags = toTags(loose.tags);
  // Round-robin over the zones; one call per zone, or one per instance when each needs its own reservation.
  const perZone = spec.zones.map((_, index) =>
    Math.floor((loose.count + spec.zones.length - 1 - index) / spec.zones.length),
  );
  const calls = spec.zones.flatMap((zone, index) => {
    const count = perZone[index] ?? 0;
    if (count === 0) return [];
    return loose.onePerReservation ? Array.from({ length: count }, () => ({ zone, count: 1 })) : [{ zone, count }];
  });
  const launched = await mapLimit(calls, PARALLEL, async (call) => {
    const ids = await runInstances(ec2, { ...launch, subnetId: launch.subnetOf(call.zone), count: call.count, tags });
    for (const id of ids) zoneOf.set(id, call.zone);
    return ids;
  });
  return launched.flat();
}

async function seedVolumes(
  ec2: EC2Client,
  spec: FleetSpec,
  instanceIds: readonly string[],
  zoneOf: ReadonlyMap<string, string>,
): Promise<{ attached: string[]; detached: string[] }> {
  const wanted = spec.volumes;
  if (!wanted) return { attached: [], detached: [] };
  const tagSpecifications = wanted.tags ? [{ ResourceType: 'volume' as const, Tags: toTags(wanted.tags) }] : undefined;
  const create = async (zone: string) => {
    const volume = await ec2.send(
      new CreateVolumeCommand({ AvailabilityZone: zone, Size: 8, TagSpecifications: tagSpecifications }),
    );
    return volume.VolumeId as string;
  };
  const firstZone = spec.zones[0] as string;
  // Bounded: thousands of CreateVolume at once would only queue in the emulator and time out.
  const detached = await mapLimit(
    Array.from({ length: wanted.detached ?? 0 }, (_, index) => spec.zones[index % spec.zones.length] ?? firstZone),
    PARALLEL,
    create,
  );
  const attachCount = wanted.attached ?? 0;
  if (attachCount > 0 && instanceIds.length === 0) {
    throw new InputError('the fleet spec asks for attached volumes but seeds no instance to attach them to');
  }
  const attached: string[] = [];
  // Attached volumes go one per instance, in turn, each in its instance's zone (device letters f, g, h ...).
  for (let index = 0; index < attachCount; index += 1) {
    const instanceId = instanceIds[index % instanceIds.length] as string;
    const device = `/dev/sd${String.fromCharCode(102 + Math.floor(index / instanceIds.length))}`;
    const volumeId = await create(zoneOf.get(instanceId) ?? firstZone);
    await ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device: device }));
    attached.push(volumeId);
  }
  return { attached, detached };
}

async function seedSnapshots(
  ec2: EC2Client,
  spec: FleetSpec,
  volumes: { attached: string[]; detached: string[] },
): Promise<string[]> {
  const count = spec.snapshots ?? 0;
  if (count === 0) return [];
  let source = volumes.detached[0] ?? volumes.attached[0];
  if (!source) {
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: spec.zones[0], Size: 8 }));
    source = volume.VolumeId as string;
    volumes.detached.push(source);
  }
  const volumeId = source;
  const snapshots = await mapLimit(Array.from({ length: count }), PARALLEL, () =>
    ec2.send(new CreateSnapshotCommand({ VolumeId: volumeId })),
  );
  return snapshots.map((snapshot) => snapshot.SnapshotId as string);
}
