import {
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  type EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../core/aws/clients.js';
import { getResourceType, type ResourceTypeName } from '../../../core/aws/resources/index.js';
import { MOTO_ACCOUNT } from '../../support/env.js';

export const REGION = 'us-east-1';
export const TARGET = { account: MOTO_ACCOUNT, region: REGION } as const;

/** `count` ids of the type's shape that no resource has (to fill a batch without seeding it). */
export function unknownIds(prefix: string, count: number, digits = 17): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index.toString(16).padStart(digits, 'f')}`);
}

/** Makes one resource per item, one after another, and answers their ids in that order ('' where AWS gave none). */
export async function createEach<T>(
  items: readonly T[],
  create: (item: T, index: number) => Promise<string | undefined>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, item] of items.entries()) ids.push((await create(item, index)) ?? '');
  return ids;
}

/** Sets one tag on an EC2 resource. */
export function tag(ec2: EC2Client, id: string, key: string, value: string) {
  return ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: key, Value: value }] }));
}

/**
 * The checks every filter-based EC2 type passes, in a describe of its own: list in 1 `operation` (moto never pages
 * it), then 250 ids in 1 call (a listing, cheaper than 2 id filters after that listing), a tag change seen, a
 * deleted id gone. `seed` makes at least 3 of the type.
 */
export function filteredTypeChecks(
  clients: AwsClients,
  name: ResourceTypeName,
  operation: string,
  prefix: string,
  seed: () => Promise<string[]>,
  remove: (id: string) => Promise<unknown>,
) {
  describe(name, () => {
    const type = getResourceType(name);
    let ids: string[];
    beforeAll(async () => {
      ids = await seed();
    });

    it(`lists the seeded ones in 1 ${operation} (moto never pages it)`, async () => {
      clients.counter.reset();
      const records = await type.list(clients, TARGET, { pageSize: 5 });
      expect(records.map((record) => record.id)).toEqual(expect.arrayContaining(ids));
      expect(clients.counter.count(`EC2:${operation}`)).toBe(1);
    });

    // Listed just before (fewer than a page here): the re-read is one listing, not 2 filters of 200 ids.
    it(`re-reads 250 ids in 1 ${operation}, sees a tag changed between two reads, and a deleted one is gone`, async () => {
      const [live = '', doomed = '', other = ''] = ids;
      expect((await type.fresh(clients, TARGET, [live])).get(live)?.tags.owner).toBeUndefined();
      await tag(clients.ec2(TARGET), live, 'owner', 'net@example.com');
      await remove(doomed);
      clients.counter.reset();
      const fresh = await type.fresh(clients, TARGET, [...ids, ...unknownIds(prefix, 250 - ids.length)]);
      expect(clients.counter.count(`EC2:${operation}`)).toBe(1);
      expect([...fresh.keys()].sort()).toEqual([live, other].sort());
      expect(fresh.get(live)?.tags.owner).toBe('net@example.com');
      expect(fresh.get(live)?.raw).toBeDefined();
    });
  });
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
  return createEach(Array.from({ length: count }), async (_, index) => {
    const reservation = await ec2.send(
      new RunInstancesCommand({
        ImageId: imageId,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: `node-${index}` }] }],
      }),
    );
    return reservation.Instances?.[0]?.InstanceId;
  });
}

/** A VPC with one subnet in each of two zones. */
export async function vpcWithSubnets(clients: AwsClients, cidr = '10.9') {
  const ec2 = clients.ec2({ region: REGION });
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `${cidr}.0.0/16` }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const subnetIds = await createEach(['us-east-1a', 'us-east-1b'], async (zone, index) => {
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, AvailabilityZone: zone, CidrBlock: `${cidr}.${index * 16}.0/20` }),
    );
    return subnet.Subnet?.SubnetId;
  });
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
