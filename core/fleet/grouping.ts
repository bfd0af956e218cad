import type { Group, Grouping, GroupMember, Instance, Snapshot } from './model.js';

// Snapshots are immutable once taken, so an index over one of their arrays is built once and kept with the array.
const groupIndexes = new WeakMap<readonly Group[], ReadonlyMap<string, Group>>();
const memberIndexes = new WeakMap<readonly GroupMember[], ReadonlyMap<string, GroupMember>>();

/** The snapshot's groups by name, built once per snapshot (a plan asks for it once per unit or zone). */
export function groupsByName(snapshot: Snapshot): ReadonlyMap<string, Group> {
  let index = groupIndexes.get(snapshot.groups);
  if (!index) {
    index = new Map(snapshot.groups.map((group) => [group.name, group]));
    groupIndexes.set(snapshot.groups, index);
  }
  return index;
}

/** The group's member entry for one instance id, from an index built once per group. */
export function memberOf(group: Group, instanceId: string): GroupMember | undefined {
  let index = memberIndexes.get(group.members);
  if (!index) {
    index = new Map(group.members.map((member) => [member.id, member]));
    memberIndexes.set(group.members, index);
  }
  return index.get(instanceId);
}

/** What a monkey treats as one target: an ASG, or all ASGs of one app / stack / cluster. */
export interface GroupingUnit {
  readonly name: string;
  readonly groups: readonly Group[];
  readonly instances: readonly Instance[];
}

/** The unit key of a group: chaosmonkey's stack is app+stack, so `web-prod` and `api-prod` stay apart. */
export function unitName(group: Group, by: Grouping): string {
  switch (by) {
    case 'asg':
      return group.name;
    case 'app':
      return group.naming.app;
    case 'stack':
      return group.naming.stack ? `${group.naming.app}-${group.naming.stack}` : group.naming.app;
    case 'cluster':
      return group.naming.cluster;
  }
}

/** The instances of each group, from the group's member list and from each instance's own group field. */
export function instancesByGroup(snapshot: Snapshot): Map<string, Instance[]> {
  const byId = new Map(snapshot.instances.map((instance) => [instance.id, instance]));
  const result = new Map<string, Instance[]>(snapshot.groups.map((group) => [group.name, []]));
  const placed = new Set<string>();
  for (const group of snapshot.groups) {
    for (const member of group.members) {
      const instance = byId.get(member.id);
      if (!instance || placed.has(instance.id)) continue;
      placed.add(instance.id);
      result.get(group.name)?.push(instance);
    }
  }
  for (const instance of snapshot.instances) {
    if (placed.has(instance.id) || !instance.group) continue;
    result.get(instance.group)?.push(instance);
  }
  return result;
}

// Same order as String#localeCompare with no arguments, without building a collator per comparison.
const byName = new Intl.Collator();

/** Groups the snapshot's ASGs (and their instances) into units, sorted by name. Loose instances belong to none. */
export function groupInstances(snapshot: Snapshot, by: Grouping): GroupingUnit[] {
  const members = instancesByGroup(snapshot);
  const units = new Map<string, { groups: Group[]; instances: Instance[] }>();
  for (const group of snapshot.groups) {
    const name = unitName(group, by);
    let unit = units.get(name);
    if (!unit) {
      unit = { groups: [], instances: [] };
      units.set(name, unit);
    }
    unit.groups.push(group);
    unit.instances.push(...(members.get(group.name) ?? []));
  }
  return [...units]
    .sort(([a], [b]) => byName.compare(a, b))
    .map(([name, unit]) => ({ name, groups: unit.groups, instances: unit.instances }));
}
