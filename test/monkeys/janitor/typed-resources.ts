import { CreateOrUpdateTagsCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand as ListLogTags,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import {
  AddTagsCommand as AddClassicTags,
  DescribeLoadBalancersCommand as DescribeClassic,
  DescribeTagsCommand as DescribeClassicTags,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  AddTagsCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AddTagsToResourceCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotsCommand,
  ListTagsForResourceCommand as ListRdsTags,
} from '@aws-sdk/client-rds';
import type { AwsClients } from '../../../core/aws/clients.js';
import type { JanitorType } from '../../../monkeys/janitor/world.js';
import { ec2, imageExists, REGION, setTags, snapshotExists, tagsOf, volumeExists } from './harness.js';

const target = { region: REGION };
const pairs = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const record = (list: { Key?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((list ?? []).map((tag) => [tag.Key as string, tag.Value as string]));

/** Per type: read a resource's tags, write some, and whether it still exists, through the type's own API. */
export interface TypedAccess {
  tags(id: string): Promise<Record<string, string>>;
  setTags(id: string, tags: Record<string, string>): Promise<void>;
  exists(id: string): Promise<boolean>;
}

export function accessFor(clients: AwsClients, type: JanitorType): TypedAccess {
  const ec2Tags = {
    tags: (id: string) => tagsOf(clients, id),
    setTags: (id: string, tags: Record<string, string>) => setTags(clients, id, tags),
  };
  switch (type) {
    case 'volume':
      return { ...ec2Tags, exists: (id) => volumeExists(clients, id) };
    case 'snapshot':
      return { ...ec2Tags, exists: (id) => snapshotExists(clients, id) };
    case 'image':
      return { ...ec2Tags, exists: (id) => imageExists(clients, id) };
    case 'instance':
      return {
        ...ec2Tags,
        exists: async (id) => {
          const answer = await ec2(clients).send(new DescribeInstancesCommand({ InstanceIds: [id] }));
          const state = answer.Reservations?.[0]?.Instances?.[0]?.State?.Name;
          return state !== 'terminated' && state !== 'shutting-down';
        },
      };
    case 'elastic-ip':
      return {
        ...ec2Tags,
        exists: async (id) => {
          const answer = await ec2(clients).send(
            new DescribeAddressesCommand({ Filters: [{ Name: 'allocation-id', Values: [id] }] }),
          );
          return (answer.Addresses ?? []).length > 0;
        },
      };
    case 'security-group':
      return {
        ...ec2Tags,
        exists: async (id) => {
          const answer = await ec2(clients).send(
            new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [id] }] }),
          );
          return (answer.SecurityGroups ?? []).length > 0;
        },
      };
    case 'network-interface':
      return {
        ...ec2Tags,
        exists: async (id) => {
          const answer = await ec2(clients).send(
            new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'network-interface-id', Values: [id] }] }),
          );
          return (answer.NetworkInterfaces ?? []).length > 0;
        },
      };
    case 'target-group':
      return {
        tags: async (id) =>
          record(
            (await clients.elbv2(target).send(new DescribeTagsCommand({ ResourceArns: [id] }))).TagDescriptions?.[0]
              ?.Tags,
          ),
        setTags: async (id, tags) => {
          await clients.elbv2(target).send(new AddTagsCommand({ ResourceArns: [id], Tags: pairs(tags) }));
        },
        exists: async (id) => {
          const all = await clients.elbv2(target).send(new DescribeTargetGroupsCommand({}));
          return (all.TargetGroups ?? []).some((group) => group.TargetGroupArn === id);
        },
      };
    case 'auto-scaling-group': {
      const describe = async (id: string) =>
        (await clients.autoScaling(target).send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [id] })))
          .AutoScalingGroups?.[0];
      return {
        tags: async (id) => record((await describe(id))?.Tags),
        setTags: async (id, tags) => {
          await clients.autoScaling(target).send(
            new CreateOrUpdateTagsCommand({
              Tags: pairs(tags).map((tag) => ({
                ...tag,
                ResourceId: id,
                ResourceType: 'auto-scaling-group',
                PropagateAtLaunch: false,
              })),
            }),
          );
        },
        exists: async (id) => (await describe(id)) !== undefined,
      };
    }
    case 'load-balancer':
      return {
        tags: async (id) =>
          record(
            (await clients.elbv2(target).send(new DescribeTagsCommand({ ResourceArns: [id] }))).TagDescriptions?.[0]
              ?.Tags,
          ),
        setTags: async (id, tags) => {
          await clients.elbv2(target).send(new AddTagsCommand({ ResourceArns: [id], Tags: pairs(tags) }));
        },
        exists: async (id) => {
          const all = await clients.elbv2(target).send(new DescribeLoadBalancersCommand({}));
          return (all.LoadBalancers ?? []).some((balancer) => balancer.LoadBalancerArn === id);
        },
      };
    case 'classic-load-balancer':
      return {
        tags: async (id) =>
          record(
            (await clients.elb(target).send(new DescribeClassicTags({ LoadBalancerNames: [id] }))).TagDescriptions?.[0]
              ?.Tags,
          ),
        setTags: async (id, tags) => {
          await clients.elb(target).send(new AddClassicTags({ LoadBalancerNames: [id], Tags: pairs(tags) }));
        },
        exists: async (id) => {
          const all = await clients.elb(target).send(new DescribeClassic({}));
          return (all.LoadBalancerDescriptions ?? []).some((balancer) => balancer.LoadBalancerName === id);
        },
      };
    case 'rds-snapshot':
      return {
        tags: async (id) => record((await clients.rds(target).send(new ListRdsTags({ ResourceName: id }))).TagList),
        setTags: async (id, tags) => {
          await clients.rds(target).send(new AddTagsToResourceCommand({ ResourceName: id, Tags: pairs(tags) }));
        },
        exists: async (id) => {
          const all = await clients.rds(target).send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual' }));
          return (all.DBSnapshots ?? []).some((snapshot) => snapshot.DBSnapshotArn === id);
        },
      };
    case 'rds-cluster-snapshot':
      return {
        tags: async (id) => record((await clients.rds(target).send(new ListRdsTags({ ResourceName: id }))).TagList),
        setTags: async (id, tags) => {
          await clients.rds(target).send(new AddTagsToResourceCommand({ ResourceName: id, Tags: pairs(tags) }));
        },
        exists: async (id) => {
          const all = await clients.rds(target).send(new DescribeDBClusterSnapshotsCommand({ SnapshotType: 'manual' }));
          return (all.DBClusterSnapshots ?? []).some((snapshot) => snapshot.DBClusterSnapshotArn === id);
        },
      };
    case 'log-group':
      return {
        tags: async (id) => ({ ...(await clients.logs(target).send(new ListLogTags({ resourceArn: id }))).tags }),
        setTags: async (id, tags) => {
          await clients.logs(target).send(new TagResourceCommand({ resourceArn: id, tags }));
        },
        exists: async (id) => {
          const all = await clients.logs(target).send(new DescribeLogGroupsCommand({}));
          return (all.logGroups ?? []).some((group) => group.logGroupArn === id);
        },
      };
    default:
      throw new Error(`no test access for ${type}`);
  }
}
