// Child of bench/snapshot-memory.ts (one fresh process per side): reads `instances` EC2 instances in `groups` Auto
// Scaling groups from SDK clients answered in memory (pages shaped like AWS's, no network), then holds the result and
// prints its RSS. `ours`: the worker's modules (monkey registry, config schema) and takeSnapshot + a Chaos plan;
// `raw`: the same SDK pages kept as they come, as a script holding the DescribeInstances answers would.
import { readFileSync } from 'node:fs';
import { AutoScalingClient, paginateDescribeAutoScalingGroups } from '@aws-sdk/client-auto-scaling';
import { EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';

const [side, groupsText, instancesText] = process.argv.slice(2);
const groupCount = Number(groupsText);
const instanceCount = Number(instancesText);
const perGroup = Math.floor(instanceCount / groupCount);
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const GROUP_PAGE = 100;
const INSTANCE_PAGE = 1000;

const instanceId = (index) => `i-${index.toString(16).padStart(17, '0')}`;
const groupName = (index) => `app${index}-prod`;

/** One DescribeInstances instance with the fields a real answer carries (most of which planning never reads). */
function ec2Instance(index) {
  const group = Math.floor(index / perGroup);
  const zone = ZONES[index % ZONES.length];
  const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  return {
    AmiLaunchIndex: 0,
    ImageId: 'ami-0123456789abcdef0',
    InstanceId: instanceId(index),
    InstanceType: 't3.micro',
    LaunchTime: new Date(1_700_000_000_000 + index * 1000),
    Monitoring: { State: 'disabled' },
    Placement: { AvailabilityZone: zone, GroupName: '', Tenancy: 'default' },
    PrivateDnsName: `ip-${ip.replaceAll('.', '-')}.ec2.internal`,
    PrivateIpAddress: ip,
    ProductCodes: [],
    PublicDnsName: '',
    State: { Code: 16, Name: 'running' },
    StateTransitionReason: '',
    SubnetId: `subnet-${zone}`,
    VpcId: 'vpc-0123456789abcdef0',
    Architecture: 'x86_64',
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: {
          AttachTime: new Date(1_700_000_000_000),
          DeleteOnTermination: true,
          Status: 'attached',
          VolumeId: `vol-${index.toString(16).padStart(17, '0')}`,
        },
      },
    ],
    ClientToken: `token-${index}`,
    EbsOptimized: false,
    EnaSupport: true,
    Hypervisor: 'xen',
    NetworkInterfaces: [
      {
        Attachment: {
          AttachTime: new Date(1_700_000_000_000),
          AttachmentId: `eni-attach-${index}`,
          DeleteOnTermination: true,
          DeviceIndex: 0,
          Status: 'attached',
        },
        Description: '',
        Groups: [{ GroupName: 'default', GroupId: 'sg-0123456789abcdef0' }],
        MacAddress: '06:00:00:00:00:00',
        NetworkInterfaceId: `eni-${index.toString(16).padStart(17, '0')}`,
        OwnerId: '123456789012',
        PrivateIpAddress: ip,
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip }],
        SourceDestCheck: true,
        Status: 'in-use',
        SubnetId: `subnet-${zone}`,
        VpcId: 'vpc-0123456789abcdef0',
        InterfaceType: 'interface',
      },
    ],
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SecurityGroups: [{ GroupName: 'default', GroupId: 'sg-0123456789abcdef0' }],
    SourceDestCheck: true,
    Tags: [
      { Key: 'aws:autoscaling:groupName', Value: groupName(group) },
      { Key: 'Name', Value: `${groupName(group)}-${index}` },
      { Key: 'team', Value: 'bench' },
    ],
    VirtualizationType: 'hvm',
    CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 },
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
    HibernationOptions: { Configured: false },
    MetadataOptions: { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
    EnclaveOptions: { Enabled: false },
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    PrivateDnsNameOptions: {
      HostnameType: 'ip-name',
      EnableResourceNameDnsARecord: false,
      EnableResourceNameDnsAAAARecord: false,
    },
    MaintenanceOptions: { AutoRecovery: 'default' },
    CurrentInstanceBootMode: 'legacy-bios',
  };
}

function autoScalingGroup(index) {
  const name = groupName(index);
  return {
    AutoScalingGroupName: name,
    AutoScalingGroupARN: `arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:${index}:autoScalingGroupName/${name}`,
    LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0', Version: '$Latest' },
    MinSize: 0,
    MaxSize: perGroup * 2,
    DesiredCapacity: perGroup,
    DefaultCooldown: 300,
    AvailabilityZones: ZONES,
    LoadBalancerNames: [],
    TargetGroupARNs: [],
    HealthCheckType: 'EC2',
    HealthCheckGracePeriod: 300,
    Instances: Array.from({ length: perGroup }, (_, i) => ({
      InstanceId: instanceId(index * perGroup + i),
      InstanceType: 't3.micro',
      AvailabilityZone: ZONES[i % ZONES.length],
      LifecycleState: 'InService',
      HealthStatus: 'Healthy',
      LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0', Version: '1' },
      ProtectedFromScaleIn: false,
    })),
    CreatedTime: new Date(1_700_000_000_000),
    SuspendedProcesses: [],
    VPCZoneIdentifier: ZONES.map((zone) => `subnet-${zone}`).join(','),
    EnabledMetrics: [],
    Tags: [
      ...(index % 2 === 0 ? [{ Key: 'simian:all', Value: 'enabled', PropagateAtLaunch: false }] : []),
      { Key: 'team', Value: 'bench', PropagateAtLaunch: true },
    ],
    TerminationPolicies: ['Default'],
    NewInstancesProtectedFromScaleIn: false,
    ServiceLinkedRoleARN:
      'arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
    CapacityRebalance: false,
  };
}

/** Each page is built when asked for, as a network answer would be: `start` is the page's first index. */
const instancePage = (start) => {
  const end = Math.min(instanceCount, start + INSTANCE_PAGE);
  const instances = Array.from({ length: end - start }, (_, i) => ec2Instance(start + i));
  return {
    Reservations: [{ ReservationId: `r-${start}`, OwnerId: '123456789012', Instances: instances }],
    NextToken: end < instanceCount ? String(end) : undefined,
  };
};
const groupPage = (start) => {
  const end = Math.min(groupCount, start + GROUP_PAGE);
  return {
    AutoScalingGroups: Array.from({ length: end - start }, (_, i) => autoScalingGroup(start + i)),
    NextToken: end < groupCount ? String(end) : undefined,
  };
};

/** A real SDK client whose every call is answered in memory (the middleware returns before serialising). */
function answeredClient(Client, page) {
  const client = new Client({ region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  client.middlewareStack.add(
    () => async (args) => ({ output: page(Number(args.input.NextToken ?? 0)), response: {} }),
    {
      step: 'initialize',
      name: 'benchAnswer',
    },
  );
  return client;
}

const ec2 = answeredClient(EC2Client, instancePage);
const autoScaling = answeredClient(AutoScalingClient, groupPage);
let held;
let summary;
if (side === 'ours') {
  const { monkeyCatalog } = await import('../dist/monkeys/index.js');
  const { takeSnapshot } = await import('../dist/core/aws/inventory.js');
  const { decideOptIn } = await import('../dist/core/fleet/opt-in.js');
  const { chaosParams } = await import('../dist/monkeys/chaos/params.js');
  const { planChaos } = await import('../dist/monkeys/chaos.js');
  void monkeyCatalog.names;
  const clients = { ec2: () => ec2, autoScaling: () => autoScaling };
  const target = { account: '123456789012', region: 'us-east-1' };
  held = await takeSnapshot(clients, target);
  const where = { account: target.account, region: target.region };
  const plan = planChaos(
    held,
    chaosParams.parse({}),
    (group) => decideOptIn(group, { name: 'chaos', kind: 'fault' }, undefined, where),
    Math.random,
  );
  summary = `${held.instances.length} instances, ${held.groups.length} groups, ${plan.actions.length} actions`;
} else {
  const instances = [];
  for await (const page of paginateDescribeInstances({ client: ec2, pageSize: INSTANCE_PAGE }, {})) {
    for (const reservation of page.Reservations ?? []) instances.push(...(reservation.Instances ?? []));
  }
  const groups = [];
  for await (const page of paginateDescribeAutoScalingGroups({ client: autoScaling, pageSize: GROUP_PAGE }, {})) {
    groups.push(...(page.AutoScalingGroups ?? []));
  }
  held = { instances, groups };
  summary = `${instances.length} instances, ${groups.length} groups`;
}
const status = readFileSync('/proc/self/status', 'utf8');
const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? Number.NaN);
process.stdout.write(
  `${JSON.stringify({ heapUsedKiB: Math.round(process.memoryUsage().heapUsed / 1024), rssKiB: kib('VmRSS'), peakKiB: kib('VmHWM'), summary, held: held !== undefined })}\n`,
);
