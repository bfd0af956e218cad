import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  CreateLaunchTemplateCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  RegisterInstancesWithLoadBalancerCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import { describe, it } from 'vitest';
import {
  createImage,
  createSnapshot,
  createVolume,
  ec2,
  janitorSandbox,
  launchInstance,
  publicImage,
  REGION,
  setTags,
  ZONE,
} from './harness.js';
import { driveRule, OPTED_OUT, OWNED } from './rule-case.js';

const { clients, redis, receiver } = janitorSandbox();

async function classicBalancer(name: string, tags: Record<string, string> = {}) {
  await clients.elb({ region: REGION }).send(
    new CreateLoadBalancerCommand({
      LoadBalancerName: name,
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }],
      AvailabilityZones: [ZONE],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return name;
}

async function address(tags: Record<string, string>) {
  const answer = await ec2(clients).send(new AllocateAddressCommand({ Domain: 'vpc' }));
  await setTags(clients, answer.AllocationId as string, tags);
  return answer.AllocationId as string;
}

describe('janitor rules on EC2 resources: mark, tell once, delete only the violating one', () => {
  it('orphaned-instance: an instance in no group and behind no load balancer', async () => {
    const image = await publicImage(clients);
    const behind = await launchInstance(clients, image, OWNED);
    await classicBalancer('serves-conforming');
    await clients.elb({ region: REGION }).send(
      new RegisterInstancesWithLoadBalancerCommand({
        LoadBalancerName: 'serves-conforming',
        Instances: [{ InstanceId: behind }],
      }),
    );
    const reused = await launchInstance(clients, image, OWNED);
    await driveRule(
      clients,
      redis,
      receiver,
      'orphaned-instance',
      'instance',
      {
        violating: await launchInstance(clients, image, OWNED),
        conforming: behind,
        optedOut: await launchInstance(clients, image, OPTED_OUT),
        reused,
        use: async () => {
          await clients.elb({ region: REGION }).send(
            new RegisterInstancesWithLoadBalancerCommand({
              LoadBalancerName: 'serves-conforming',
              Instances: [{ InstanceId: reused }],
            }),
          );
        },
      },
      // Off by default (a standalone server is more often a pet): this walk turns it on.
      { 'stopped-instance': { enabled: false }, 'orphaned-instance': { enabled: true, days: 0 } },
    );
  });

  it('stopped-instance: stopped for more than N days (from the first run that saw it stopped)', async () => {
    const image = await publicImage(clients);
    const stopped = async (tags: Record<string, string>) => {
      const id = await launchInstance(clients, image, tags);
      await ec2(clients).send(new StopInstancesCommand({ InstanceIds: [id] }));
      return id;
    };
    const reused = await stopped(OWNED);
    await driveRule(
      clients,
      redis,
      receiver,
      'stopped-instance',
      'instance',
      {
        violating: await stopped(OWNED),
        conforming: await launchInstance(clients, image, OWNED),
        optedOut: await stopped(OPTED_OUT),
        reused,
        use: async () => {
          await ec2(clients).send(new StartInstancesCommand({ InstanceIds: [reused] }));
        },
      },
      { 'orphaned-instance': { enabled: false } },
    );
  });

  it('unused-snapshot: used by no image, launch template version or launch configuration', async () => {
    const instance = await launchInstance(clients, await publicImage(clients));
    const image = await createImage(clients, instance, 'keeps-its-snapshot');
    const { imageSnapshots } = await import('./harness.js');
    const [behindImage] = await imageSnapshots(clients, image);
    await setTags(clients, behindImage as string, OWNED);
    const volume = await createVolume(clients);
    const reused = await createSnapshot(clients, volume, OWNED);
    await driveRule(clients, redis, receiver, 'unused-snapshot', 'snapshot', {
      violating: await createSnapshot(clients, volume, OWNED),
      conforming: behindImage as string,
      optedOut: await createSnapshot(clients, volume, OPTED_OUT),
      reused,
      use: async () => {
        await ec2(clients).send(
          new CreateLaunchTemplateCommand({
            LaunchTemplateName: 'restores-a-snapshot',
            LaunchTemplateData: { BlockDeviceMappings: [{ DeviceName: '/dev/sdb', Ebs: { SnapshotId: reused } }] },
          }),
        );
      },
    });
  });

  it('unused-image: used by no instance, launch template, launch configuration or group', async () => {
    const builder = await launchInstance(clients, await publicImage(clients));
    const running = await createImage(clients, builder, 'runs-an-instance', OWNED);
    await launchInstance(clients, running);
    const reused = await createImage(clients, builder, 'launched-later', OWNED);
    await driveRule(clients, redis, receiver, 'unused-image', 'image', {
      violating: await createImage(clients, builder, 'unused', OWNED),
      conforming: running,
      optedOut: await createImage(clients, builder, 'kept', OPTED_OUT),
      reused,
      use: async () => {
        await launchInstance(clients, reused);
      },
    });
  });

  it('unassociated-elastic-ip: associated with nothing', async () => {
    const instance = await launchInstance(clients, await publicImage(clients));
    const associated = await address(OWNED);
    await ec2(clients).send(new AssociateAddressCommand({ AllocationId: associated, InstanceId: instance }));
    const reused = await address(OWNED);
    await driveRule(clients, redis, receiver, 'unassociated-elastic-ip', 'elastic-ip', {
      violating: await address(OWNED),
      conforming: associated,
      optedOut: await address(OPTED_OUT),
      reused,
      use: async () => {
        const other = await launchInstance(clients, await publicImage(clients));
        await ec2(clients).send(new AssociateAddressCommand({ AllocationId: reused, InstanceId: other }));
      },
    });
  });
});
