import type { Instance, Snapshot } from '../../core/fleet/model.js';

/** Instances grouped by availability zone, zones in name order. */
export function instancesByZone(instances: readonly Instance[]): Map<string, Instance[]> {
  const byZone = new Map<string, Instance[]>();
  for (const instance of [...instances].sort((a, b) => a.zone.localeCompare(b.zone) || a.id.localeCompare(b.id))) {
    const list = byZone.get(instance.zone) ?? [];
    list.push(instance);
    byZone.set(instance.zone, list);
  }
  return byZone;
}

/** Every zone the snapshot shows in use, by a group or an instance, sorted. */
export function zonesInUse(snapshot: Snapshot): string[] {
  const zones = new Set<string>();
  for (const group of snapshot.groups) for (const zone of group.zones) zones.add(zone);
  for (const instance of snapshot.instances) zones.add(instance.zone);
  return [...zones].sort();
}

/** Whether `zone` belongs to `region` by name (us-east-1a belongs to us-east-1). */
export function zoneBelongsToRegion(zone: string, region: string): boolean {
  return zone.length === region.length + 1 && zone.startsWith(region) && /[a-z]$/.test(zone);
}
