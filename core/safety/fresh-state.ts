import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients.js';
import { toGroup } from '../aws/inventory.js';
import type { Group } from '../fleet/model.js';
import type { Action } from '../plan/action.js';
import type { RunContext } from './guard.js';
import { runTarget } from './run-target.js';

/** The instance an action aims at, as AWS reports it right now. */
export interface FreshInstance {
  readonly id: string;
  /** pending | running | shutting-down | terminated | stopping | stopped */
  readonly state: string;
}

/** What AWS says now about an action's group and instance; `undefined` means it no longer exists. */
export interface FreshView {
  readonly group?: Group;
  readonly instance?: FreshInstance;
}

export function isInstanceId(resource: string): boolean {
  return /^i-[0-9a-f]+$/.test(resource);
}

/** Where guards get the fresh view of an action (AWS in a run; a fixed answer in pure tests). */
export interface FreshLookup {
  of(action: Action, run: RunContext): Promise<FreshView>;
}

/**
 * Describes an action's group and instance afresh (tags and membership may have changed since planning). One
 * describe per action, shared by the guards of one run; a failed describe rejects, and the guards fail closed.
 */
export class FreshState implements FreshLookup {
  private readonly views = new WeakMap<Action, Promise<FreshView>>();

  constructor(private readonly clients: AwsClients) {}

  of(action: Action, run: RunContext): Promise<FreshView> {
    let view = this.views.get(action);
    if (!view) {
      view = this.describe(action, run);
      this.views.set(action, view);
    }
    return view;
  }

  private async describe(action: Action, run: RunContext): Promise<FreshView> {
    const target = runTarget(run, action.region);
    const [group, instance] = await Promise.all([
      action.group ? this.describeGroup(action.group, target) : undefined,
      isInstanceId(action.resource) ? this.describeInstance(action.resource, target) : undefined,
    ]);
    return { ...(group ? { group } : {}), ...(instance ? { instance } : {}) };
  }

  private async describeGroup(name: string, target: ReturnType<typeof runTarget>): Promise<Group | undefined> {
    const answer = await this.clients
      .autoScaling(target)
      .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
    const asg = answer.AutoScalingGroups?.find((candidate) => candidate.AutoScalingGroupName === name);
    return asg ? toGroup(asg) : undefined;
  }

  private async describeInstance(id: string, target: ReturnType<typeof runTarget>): Promise<FreshInstance | undefined> {
    try {
      const answer = await this.clients.ec2(target).send(new DescribeInstancesCommand({ InstanceIds: [id] }));
      const found = answer.Reservations?.flatMap((reservation) => reservation.Instances ?? []).find(
        (instance) => instance.InstanceId === id,
      );
      return found ? { id, state: found.State?.Name ?? 'unknown' } : undefined;
    } catch (error) {
      // Gone instances answer NotFound: that is a fact about the world, not a failed check.
      if ((error as { name?: string }).name === 'InvalidInstanceID.NotFound') return undefined;
      throw error;
    }
  }
}
