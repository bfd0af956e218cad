import type { AwsClients, AwsTarget } from '../aws/clients.js';
import { toGroup } from '../aws/inventory.js';
import { resourceTypeMap } from '../aws/resources/index.js';
import type { Group, Tags } from '../fleet/model.js';
import type { Action } from '../plan/action.js';
import { type FreshResource, freshResources, resourceTypeNameOf } from './fresh-resources.js';
import type { RunContext } from './guard.js';
import { ReadMap } from './read-map.js';
import { runTarget } from './run-target.js';

export type { FreshResource } from './fresh-resources.js';

/** What AWS says now about an action's group and resource; an absent field means it no longer exists. */
export interface FreshView {
  readonly group?: Group;
  /** The action's own resource, when its type is known (instance, volume, snapshot, image ...). */
  readonly resource?: FreshResource;
}

/** Where guards get the fresh view of an action (AWS in a run; a fixed answer in pure tests). */
export interface FreshLookup {
  of(action: Action, run: RunContext): Promise<FreshView>;
  /**
   * Re-reads, in batches, everything a batch of actions touches (one DescribeAutoScalingGroups per 100 groups, one
   * read per resource type and page), replacing what was read before; `of` then answers from it.
   */
  prefetch?(actions: readonly Action[], run: RunContext): Promise<void>;
}

interface Reads {
  readonly groups: Promise<ReadMap<Group>>;
  readonly resources: Promise<ReadMap<FreshResource>>;
}

function keyOf(target: AwsTarget): string {
  return `${target.account ?? ''}|${target.region}`;
}

/**
 * Describes what actions touch afresh (tags, membership and state may have changed since planning), batched: the
 * executor prefetches each batch right before its guards, so a batch of 1,000 terminations costs a handful of
 * describe calls, not two per action. A failed read rejects, and the guards fail closed on it.
 */
export class FreshState implements FreshLookup {
  private readonly reads = new Map<string, Reads>();
  private readonly single = new WeakMap<Action, Reads>();

  constructor(private readonly clients: AwsClients) {}

  async prefetch(actions: readonly Action[], run: RunContext): Promise<void> {
    const byTarget = new Map<string, { target: AwsTarget; actions: Action[] }>();
    for (const action of actions) {
      const target = runTarget(run, action.region);
      const entry = byTarget.get(keyOf(target)) ?? { target, actions: [] };
      entry.actions.push(action);
      byTarget.set(keyOf(target), entry);
    }
    for (const [key, { target, actions: inTarget }] of byTarget) {
      const reads = this.read(inTarget, target);
      this.reads.set(key, reads);
      await Promise.allSettled([reads.groups, reads.resources]);
    }
  }

  async of(action: Action, run: RunContext): Promise<FreshView> {
    const target = runTarget(run, action.region);
    const cached = this.reads.get(keyOf(target));
    // Not prefetched (a guard asked on its own): read this one action once for all the guards that ask, leaving
    // the batch's reads as they are.
    let reads = cached && (await this.covers(cached, action)) ? cached : this.single.get(action);
    if (!reads) {
      reads = this.read([action], target);
      this.single.set(action, reads);
    }
    const [groups, resources] = await Promise.all([reads.groups, reads.resources]);
    const group = action.group ? groups.get(action.group) : undefined;
    const resource = resources.get(action.resource);
    return { ...(group ? { group } : {}), ...(resource ? { resource } : {}) };
  }

  private read(actions: readonly Action[], target: AwsTarget): Reads {
    const groups = [...new Set(actions.flatMap((action) => (action.group ? [action.group] : [])))];
    const reads: Reads = {
      groups: this.describeGroups(groups, target),
      resources: freshResources(
        this.clients,
        target,
        actions.map((action) => action.resource),
      ),
    };
    // Rejections surface through `of`, where each guard fails closed; none goes unhandled meanwhile.
    reads.groups.catch(() => undefined);
    reads.resources.catch(() => undefined);
    return reads;
  }

  /** Whether a prefetch read what this action needs (its group, and its resource when the type is known). */
  private async covers(reads: Reads, action: Action): Promise<boolean> {
    const read = await Promise.all([reads.groups, reads.resources]).catch(() => null);
    if (!read) return true; // the read failed: `of` rethrows it, and the guard fails closed
    const [groups, resources] = read;
    const groupRead = !action.group || groups.asked.has(action.group);
    const resourceRead = resourceTypeNameOf(action.resource) === undefined || resources.asked.has(action.resource);
    return groupRead && resourceRead;
  }

  /** The groups by name, 100 a call (the registry's `fresh`); one being deleted is kept, with its status. */
  private async describeGroups(names: readonly string[], target: AwsTarget): Promise<ReadMap<Group>> {
    const found = new ReadMap<Group>(names);
    if (names.length === 0) return found;
    const records = await resourceTypeMap['auto-scaling-group'].fresh(this.clients, target, names, {
      includeGone: true,
    });
    for (const [name, record] of records) found.set(name, toGroup(record.raw));
    return found;
  }
}

/** The opt-out and owner tags of a resource, as a guard reads them. */
export function tagsOfResource(resource: FreshResource | undefined): Tags {
  return resource?.tags ?? {};
}
