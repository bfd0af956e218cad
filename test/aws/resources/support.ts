import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  type EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../../core/aws/clients.js';
import { MOTO_ACCOUNT } from '../../support/env.js';

export const REGION = 'us-east-1';
export const TARGET = { account: MOTO_ACCOUNT, region: REGION } as const;

/** `count` ids of the type's shape that no resource has (to fill a batch without seeding it). */
export function unknownIds(prefix: string, count: number, digits = 17): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index.toString(16).padStart(digits, 'f')}`);
}

/** An image moto ships in every region (an exact name is answered fast). */
export async function motoImage(ec2: EC2Client): Promise<string> {
  const found = await ec2.send(
    new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-2.0.20180810-x86_64-gp2'] }] }),
  );
  const id = found.Images?.[0]?.ImageId;
  if (!id) throw new Error('moto offers no image');
  return id;
}

/** `count` instances, one RunInstances (one reservation) each: moto pages DescribeInstances by reservation. */
export async function runInstances(clients: AwsClients, count: number): Promise<string[]> {
  const ec2 = clients.ec2({ region: REGION });
  const imageId = await motoImage(ec2);
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const reservation = await ec2.send(
      new RunInstancesCommand({
        ImageId: imageId,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: `node-${index}` }] }],
      }),
    );
    ids.push(reservation.Instances?.[0]?.InstanceId ?? '');
  }
  return ids;
}

/** A VPC with one subnet in each of two zones. */
export async function vpcWithSubnets(clients: AwsClients, cidr = '10.9') {
  const ec2 = clients.ec2({ region: REGION });
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `${cidr}.0.0/16` }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const subnetIds: string[] = [];
  for (const [index, zone] of ['us-east-1a', 'us-east-1b'].entries()) {
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, AvailabilityZone: zone, CidrBlock: `${cidr}.${index * 16}.0/20` }),
    );
    subnetIds.push(subnet.Subnet?.SubnetId ?? '');
  }
  return { vpcId, subnetIds };
}
