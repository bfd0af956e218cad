import { DescribeAutoScalingGroupsCommand, paginateDescribeAutoScalingGroups } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../core/aws/clients.js';
import { MAX_GROUP_PAGE, MAX_INSTANCE_PAGE, takeSnapshot } from '../core/aws/inventory.js';
import { MOTO_ACCOUNT } from './accounts.js';
import type { Comparison } from './comparison.js';
import { timed } from './measure.js';

/** The same listings as takeSnapshot, with no page size: the SDK sends no MaxResults / MaxRecords. */
async function listWithSdkDefaults(clients: AwsClients, region: string) {
  let groups = 0;
  let instances = 0;
  const listGroups = async () => {
    for await (const page of paginateDescribeAutoScalingGroups({ client: clients.autoScaling({ region }) }, {})) {
      groups += page.AutoScalingGroups?.length ?? 0;
    }
  };
  const listInstances = async () => {
    for await (const page of paginateDescribeInstances({ client: clients.ec2({ region }) }, {})) {
      for (const reservation of page.Reservations ?? []) instances += reservation.Instances?.length ?? 0;
    }
  };
  await Promise.all([listGroups(), listInstances()]);
  return { groups, instances };
}

/**
 * One inventory of a fleet larger than one default page: takeSnapshot (largest pages) against the SDK's default
 * page sizes. The fleet holds one instance per reservation, because moto pages DescribeInstances by reservation.
 */
export async function benchInventory(clients: AwsClients, region: string): Promise<Comparison> {
  const count = () => ({
    groups: clients.counter.count('DescribeAutoScalingGroups'),
    instances: clients.counter.count('DescribeInstances'),
  });

  // One small call of each kind first, so that neither side pays for the clients' and moto's first-call setup.
  await Promise.all([
    clients.autoScaling({ region }).send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 1 })),
    clients.ec2({ region }).send(new DescribeInstancesCommand({ MaxResults: 5 })),
  ]);
  clients.counter.reset();
  const ours = await timed(() => takeSnapshot(clients, { account: MOTO_ACCOUNT, region }));
  const ourCalls = count();

  clients.counter.reset();
  const baseline = await timed(() => listWithSdkDefaults(clients, region));
  const baselineCalls = count();

  const found = { groups: ours.value.groups.length, instances: ours.value.instances.length };
  if (found.groups !== baseline.value.groups || found.instances !== baseline.value.instances) {
    throw new Error(`the two inventories disagree: ${JSON.stringify(found)} vs ${JSON.stringify(baseline.value)}`);
  }
  return {
    title: `Inventory: ${found.groups} groups, ${found.instances} instances (one per reservation)`,
    rows: [
      {
        metric: 'DescribeAutoScalingGroups calls',
        ours: ourCalls.groups,
        baseline: baselineCalls.groups,
        unit: '',
        better: 'lower',
      },
      {
        metric: 'DescribeInstances calls',
        ours: ourCalls.instances,
        baseline: baselineCalls.instances,
        unit: '',
        better: 'lower',
      },
      {
        metric: 'wall time against moto',
        ours: ours.ms / 1000,
        baseline: baseline.ms / 1000,
        unit: 's',
        better: 'lower',
      },
    ],
    notes: [
      `ours: takeSnapshot, pages of ${MAX_GROUP_PAGE} groups and ${MAX_INSTANCE_PAGE} instances, both listings at once`,
      'baseline: the same two paginators with no page size (AWS and moto answer 50 groups a page; moto 100 reservations)',
      'moto counts a DescribeInstances page in reservations, AWS in instances: each instance here has its own reservation, so both count alike',
      'against AWS, DescribeInstances without MaxResults returns everything in one unpaginated call (the smaller 50/10 bucket)',
      'wall time against moto is mostly moto rendering each instance (several ms each), so page size barely moves it and ours is no faster there; against AWS every page is a round trip and a token of its bucket',
    ],
  };
}
