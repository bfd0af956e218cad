import { DescribeInstancesCommand, type EC2Client, type Instance as Ec2Instance } from '@aws-sdk/client-ec2';
import type { Action } from '../../plan/action.js';
import type { EffectContext } from '../effect.js';
import { ec2Target } from './instance-state-change.js';

/** The EC2 client for an action's account and region. */
export function ec2For(action: Action, ctx: EffectContext): EC2Client {
  return ctx.clients.ec2(ec2Target([action], ctx.roleArn));
}

/** Instances by id, as EC2 sees them now; ids EC2 does not know are absent from the map. */
export async function describeInstancesById(ec2: EC2Client, ids: readonly string[]): Promise<Map<string, Ec2Instance>> {
  const found = new Map<string, Ec2Instance>();
  if (ids.length === 0) return found;
  let nextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: [...ids] }], NextToken: nextToken }),
    );
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? [])
        if (instance.InstanceId) found.set(instance.InstanceId, instance);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return found;
}

/** One instance as EC2 sees it now; undefined when EC2 does not know the id. */
export async function describeInstance(ec2: EC2Client, id: string): Promise<Ec2Instance | undefined> {
  return (await describeInstancesById(ec2, [id])).get(id);
}

/** The instance's value of one tag, if set. */
export function tagValue(instance: { Tags?: { Key?: string; Value?: string }[] }, key: string): string | undefined {
  return instance.Tags?.find((tag) => tag.Key === key)?.Value;
}
