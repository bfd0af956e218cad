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

type Middleware = (
  next: (args: unknown) => Promise<unknown>,
  context: { commandName?: string },
) => (args: unknown) => Promise<unknown>;
interface Stack {
  middlewareStack: {
    add(middleware: Middleware, options: Record<string, unknown>): void;
    remove(name: string): boolean;
  };
}

/**
 * Stands in for AWS where moto differs, on one client, after the call counter (so the call counts as sent):
 * `answer` returns a value to use instead of sending, or undefined to let moto answer. Remove it with the returned
 * function.
 */
export function standIn(
  client: object,
  answer: (operation: string, input: Record<string, unknown>) => unknown,
): () => void {
  const name = `test-stand-in-${Math.random().toString(36).slice(2)}`;
  const stack = (client as Stack).middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const output = answer(operation, (args as { input: Record<string, unknown> }).input);
      return output === undefined ? next(args) : { output: { $metadata: {}, ...(output as object) }, response: {} };
    },
    { step: 'initialize', name },
  );
  return () => stack.remove(name);
}

/** An error as the SDK raises it for an AWS error code. */
export function awsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: code, $fault: 'client' });
}
