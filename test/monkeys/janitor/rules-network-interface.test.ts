import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachNetworkInterfaceCommand,
  CreateLaunchTemplateCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, it } from 'vitest';
import { defaultNetwork, ec2, janitorSandbox, publicImage, tagList } from './harness.js';
import { driveRule, OPTED_OUT, OWNED } from './rule-case.js';

const { clients, redis, receiver } = janitorSandbox();
let network: { vpcId: string; subnet: string };
beforeAll(async () => {
  const { vpcId, subnets } = await defaultNetwork(clients);
  network = { vpcId, subnet: subnets[0] as string };
});

async function networkInterface(tags: Record<string, string> = OWNED): Promise<string> {
  const made = await ec2(clients).send(
    new CreateNetworkInterfaceCommand({
      SubnetId: network.subnet,
      TagSpecifications: [{ ResourceType: 'network-interface', Tags: tagList(tags) }],
    }),
  );
  return made.NetworkInterface?.NetworkInterfaceId as string;
}

async function instanceIn(image: string): Promise<{ instance: string; primary: string }> {
  const made = await ec2(clients).send(
    new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, SubnetId: network.subnet }),
  );
  const instance = made.Instances?.[0]?.InstanceId as string;
  const described = await ec2(clients).send(new DescribeInstancesCommand({ InstanceIds: [instance] }));
  const primary = described.Reservations?.[0]?.Instances?.[0]?.NetworkInterfaces?.[0]?.NetworkInterfaceId as string;
  return { instance, primary };
}

describe('janitor: unattached network interfaces', () => {
  it('marks, tells and deletes a detached interface; keeps one attached, holding an Elastic IP, routed to or in a template', async () => {
    const image = await publicImage(clients);
    const attached = await instanceIn(image);

    const withAddress = await networkInterface();
    const address = await ec2(clients).send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await ec2(clients).send(
      new AssociateAddressCommand({ AllocationId: address.AllocationId, NetworkInterfaceId: withAddress }),
    );

    const routedTo = await networkInterface();
    const table = await ec2(clients).send(new CreateRouteTableCommand({ VpcId: network.vpcId }));
    await ec2(clients).send(
      new CreateRouteCommand({
        RouteTableId: table.RouteTable?.RouteTableId,
        DestinationCidrBlock: '10.99.0.0/16',
        NetworkInterfaceId: routedTo,
      }),
    );

    const inTemplate = await networkInterface();
    await ec2(clients).send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'pinned-interface',
        LaunchTemplateData: { ImageId: image, NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: inTemplate }] },
      }),
    );

    const reused = await networkInterface();
    const later = await instanceIn(image);
    await driveRule(clients, redis, receiver, 'unattached-network-interface', 'network-interface', {
      violating: await networkInterface(),
      conforming: attached.primary,
      optedOut: await networkInterface(OPTED_OUT),
      reused,
      inUse: [withAddress, routedTo, inTemplate, later.primary],
      use: async () => {
        await ec2(clients).send(
          new AttachNetworkInterfaceCommand({ NetworkInterfaceId: reused, InstanceId: later.instance, DeviceIndex: 1 }),
        );
      },
    });
  });
});
