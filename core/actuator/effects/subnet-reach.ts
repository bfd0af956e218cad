import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import {
  type EC2Client,
  type Instance as Ec2Instance,
  type NetworkInterface,
  paginateDescribeInstances,
  paginateDescribeNetworkInterfaces,
} from '@aws-sdk/client-ec2';
import { ASG_NAME_TAG, toGroup } from '../../aws/inventory.js';
import type { OptInDecision } from '../../fleet/opt-in-types.js';
import type { Action } from '../../plan/action.js';
import type { EffectContext, ReachVerdicts } from '../effect.js';
import { ec2For, tagValue } from './ec2-lookup.js';
import { autoScalingFor, describeAllGroups, subnetsOfGroup } from './group-subnets.js';
import { isolatedSubnets } from './network-acls.js';

/** Instances in these states are gone: cutting their subnet harms nothing of theirs. */
const GONE_STATES = new Set(['shutting-down', 'terminated']);

async function interfacesIn(ec2: EC2Client, subnetIds: readonly string[]): Promise<NetworkInterface[]> {
  const found: NetworkInterface[] = [];
  const filter = { Filters: [{ Name: 'subnet-id', Values: [...subnetIds] }] };
  for await (const page of paginateDescribeNetworkInterfaces({ client: ec2 }, filter)) {
    found.push(...(page.NetworkInterfaces ?? []));
  }
  return found;
}

async function instancesIn(ec2: EC2Client, subnetIds: readonly string[]): Promise<Ec2Instance[]> {
  const found: Ec2Instance[] = [];
  const filter = { Filters: [{ Name: 'subnet-id', Values: [...subnetIds] }], MaxResults: 1000 };
  for await (const page of paginateDescribeInstances({ client: ec2 }, filter)) {
    for (const reservation of page.Reservations ?? []) found.push(...(reservation.Instances ?? []));
  }
  return found;
}

/** What the reach check reads, once per batch: everything in or launching into the batch's subnets, and who owns it. */
interface SubnetWorld {
  readonly interfaces: readonly NetworkInterface[];
  readonly instances: readonly Ec2Instance[];
  readonly groups: readonly AutoScalingGroup[];
  readonly isolated: ReadonlySet<string>;
}

async function readWorld(actions: readonly Action[], ctx: EffectContext): Promise<SubnetWorld> {
  const first = actions[0] as Action;
  const ec2 = ec2For(first, ctx);
  const subnets = actions.map((action) => action.resource);
  const [interfaces, instances, groups, isolated] = await Promise.all([
    interfacesIn(ec2, subnets),
    instancesIn(ec2, subnets),
    describeAllGroups(autoScalingFor(first, ctx)),
    isolatedSubnets(ec2),
  ]);
  return { interfaces, instances, groups, isolated };
}

/**
 * The reach of isolating subnets (deny-all network ACL): every instance and network interface in the subnet, and
 * every Auto Scaling group that launches into it, must belong to a group that is opted in NOW (ctx.optIn, asked of
 * each group as just described), and each such group must keep a subnet that is not isolated. Read-only, one
 * batched describe of each kind for all the batch's subnets. Answers the subnets to spare, with the first reason.
 */
export async function isolationReach(actions: readonly Action[], ctx: EffectContext): Promise<ReachVerdicts> {
  const spared = new Map<string, string>();
  const optIn = ctx.optIn;
  if (actions.length === 0) return spared;
  if (!optIn) {
    for (const action of actions) {
      spared.set(action.resource, 'no opt-in decision at act time: what the subnet holds cannot be judged');
    }
    return spared;
  }
  const world = await readWorld(actions, ctx);
  const byName = new Map(world.groups.map((group) => [group.AutoScalingGroupName ?? '', group]));
  const memberOf = new Map<string, string>();
  for (const group of world.groups) {
    for (const member of group.Instances ?? []) {
      if (member.InstanceId && group.AutoScalingGroupName) memberOf.set(member.InstanceId, group.AutoScalingGroupName);
    }
  }
  const decisions = new Map<string, OptInDecision>();
  const decide = (group: AutoScalingGroup) => {
    const name = group.AutoScalingGroupName ?? '';
    let decision = decisions.get(name);
    if (!decision) {
      decision = optIn(toGroup(group));
      decisions.set(name, decision);
    }
    return decision;
  };
  const batchSubnets = new Set(actions.map((action) => action.resource));

  /** Why an instance in the subnet may not be cut off, or null when its group is opted in. */
  const instanceProblem = (id: string, tagged: string | undefined): string | null => {
    const name = memberOf.get(id) ?? tagged;
    const group = name === undefined ? undefined : byName.get(name);
    if (!group) return `it holds ${id}, which is in no Auto Scaling group`;
    const decision = decide(group);
    return decision.eligible ? null : `it holds ${id} of group ${name}, which is not opted in (${decision.reason})`;
  };

  for (const action of actions) {
    const subnet = action.resource;
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const instance of world.instances) {
      if (instance.SubnetId !== subnet || !instance.InstanceId) continue;
      seen.add(instance.InstanceId);
      if (GONE_STATES.has(instance.State?.Name ?? '')) continue;
      const problem = instanceProblem(instance.InstanceId, tagValue(instance, ASG_NAME_TAG));
      if (problem) problems.push(problem);
    }
    for (const eni of world.interfaces) {
      if (eni.SubnetId !== subnet) continue;
      const owner = eni.Attachment?.InstanceId;
      if (owner === undefined) {
        // A load balancer, NAT gateway, Lambda, database ...: no group of ours owns it.
        const what = eni.Description || eni.InterfaceType || 'no description';
        problems.push(`it holds network interface ${eni.NetworkInterfaceId} (${what}), which is in no opted-in group`);
      } else if (!seen.has(owner)) {
        const problem = instanceProblem(owner, undefined);
        if (problem) problems.push(problem);
      }
    }
    for (const group of world.groups) {
      const subnets = subnetsOfGroup(group);
      if (!subnets.includes(subnet)) continue;
      const decision = decide(group);
      if (!decision.eligible) {
        problems.push(
          `group ${group.AutoScalingGroupName} launches into it and is not opted in (${decision.reason}); it would launch into the isolated subnet`,
        );
      } else if (subnets.every((other) => batchSubnets.has(other) || world.isolated.has(other))) {
        problems.push(
          `group ${group.AutoScalingGroupName} has no subnet left outside the isolated ones: it would keep launching into it`,
        );
      }
    }
    if (problems.length > 0) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      spared.set(subnet, `${problems[0]}${more}`);
    }
  }
  return spared;
}
