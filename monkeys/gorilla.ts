import { z } from 'zod';
import { isolateSubnets } from '../core/actuator/effects/isolate-subnets.js';
import { removeZoneSubnets } from '../core/actuator/effects/remove-zone-subnets.js';
import { restoreNaclAssociations } from '../core/actuator/effects/restore-nacl-associations.js';
import { restoreSubnets } from '../core/actuator/effects/restore-subnets.js';
import { zone as zoneName } from '../core/config/basic-values.js';
import type { Group, Instance, Snapshot } from '../core/fleet/model.js';
import type { OptInDecision } from '../core/fleet/opt-in-types.js';
import type { Action, Plan, Skip } from '../core/plan/action.js';
import type { Monkey } from '../core/run/monkey.js';
import { terminateInstance } from './janitor/effects/terminate-instance.js';
import { type Candidate, classifyInstances } from './shared/eligibility.js';
import { faultDuration } from './shared/fault-duration.js';
import { ZONE_OUTAGE_CAPS } from './shared/outage-caps.js';
import { checkZoneExists, checkZoneName } from './shared/zone-check.js';
import { subnetsOfZone, type ZoneSubnet } from './shared/zone-subnets.js';

export const GORILLA_MODES = ['terminate', 'exclude', 'isolate'] as const;
export type GorillaMode = (typeof GORILLA_MODES)[number];

export const gorillaParams = z.strictObject({
  zone: zoneName.describe(
    'The availability zone to take out, e.g. us-east-1a (a zone of the region, checked with DescribeAvailabilityZones)',
  ),
  mode: z
    .enum(GORILLA_MODES, {
      error: (issue) => `mode "${String(issue.input)}" is unknown (expected ${GORILLA_MODES.join(', ')})`,
    })
    .default('terminate')
    .describe(
      'terminate its instances, exclude the zone from the groups, or isolate its subnets (deny-all ACL); default terminate',
    ),
  duration: faultDuration().describe('How long exclude/isolate last before their revert, 1m to 12h (default 30m)'),
});
export type GorillaParams = z.infer<typeof gorillaParams>;

const GONE_STATES = new Set(['shutting-down', 'terminated']);

/** What prepare reads: the subnets of the zone (exclude and isolate act on them). */
export interface GorillaObserved {
  readonly subnets: readonly ZoneSubnet[];
}

function terminateActions(snapshot: Snapshot, candidates: readonly Candidate[]): Action[] {
  return candidates.map(({ instance, group }) => ({
    kind: 'terminate-instance',
    resource: instance.id,
    group: group.name,
    account: snapshot.account,
    region: snapshot.region,
    zone: instance.zone,
    params: {},
  }));
}

/** Opted-in groups with a footprint in the zone, even those with no instance there right now. */
function groupsInZone(
  snapshot: Snapshot,
  zone: string,
  zoneSubnets: ReadonlySet<string>,
  optIn: (group: Group) => OptInDecision,
  decisions: Map<string, OptInDecision>,
): Group[] {
  return snapshot.groups.filter((group) => {
    const inZone = group.zones.includes(zone) || group.subnetIds.some((subnet) => zoneSubnets.has(subnet));
    if (!inZone) return false;
    const decision = decisions.get(group.name) ?? optIn(group);
    decisions.set(group.name, decision);
    return decision.eligible;
  });
}

/** exclude: take the zone's subnets out of each group, then terminate its instances there (replacements go elsewhere). */
function planExclude(
  snapshot: Snapshot,
  params: GorillaParams,
  groups: readonly Group[],
  candidates: readonly Candidate[],
  zoneSubnets: ReadonlySet<string>,
): { actions: Action[]; skipped: Skip[] } {
  const actions: Action[] = [];
  const skipped: Skip[] = [];
  const spared = new Set<string>();
  for (const group of groups) {
    const removed = group.subnetIds.filter((subnet) => zoneSubnets.has(subnet));
    if (removed.length === 0) continue;
    if (removed.length === group.subnetIds.length) {
      spared.add(group.name);
      skipped.push({
        resource: group.name,
        group: group.name,
        guard: 'gorilla-exclude',
        reason: `every subnet of the group is in ${params.zone}: excluding the zone would leave it none`,
        zone: params.zone,
      });
      continue;
    }
    actions.push({
      kind: 'remove-zone-subnets',
      resource: group.name,
      group: group.name,
      account: snapshot.account,
      region: snapshot.region,
      zone: params.zone,
      params: { zone: params.zone, subnetIds: removed },
      durationMs: params.duration,
    });
  }
  for (const candidate of candidates) {
    if (!spared.has(candidate.group.name)) continue;
    skipped.push({
      resource: candidate.instance.id,
      group: candidate.group.name,
      guard: 'gorilla-exclude',
      reason: 'its group cannot leave the zone, so a replacement would land in the same zone',
      zone: candidate.instance.zone,
    });
  }
  const kept = candidates.filter((candidate) => !spared.has(candidate.group.name));
  return { actions: [...actions, ...terminateActions(snapshot, kept)], skipped };
}

/** The snapshot's instances and groups by subnet (snapshot order kept): one pass each, however many subnets. */
interface SubnetIndex {
  readonly instances: ReadonlyMap<string, readonly Instance[]>;
  readonly groups: ReadonlyMap<string, readonly Group[]>;
}

function indexBySubnet(snapshot: Snapshot): SubnetIndex {
  const instances = new Map<string, Instance[]>();
  for (const instance of snapshot.instances) {
    if (instance.subnetId === undefined) continue;
    const list = instances.get(instance.subnetId);
    if (list) list.push(instance);
    else instances.set(instance.subnetId, [instance]);
  }
  const groups = new Map<string, Group[]>();
  for (const group of snapshot.groups) {
    for (const subnetId of new Set(group.subnetIds)) {
      const list = groups.get(subnetId);
      if (list) list.push(group);
      else groups.set(subnetId, [group]);
    }
  }
  return { instances, groups };
}

/** Why a subnet may not be isolated at all (someone else's instance in it, or a group not opted in launching there). */
function isolationBystander(
  index: SubnetIndex,
  subnet: ZoneSubnet,
  eligibleGroups: ReadonlySet<string>,
  decide: (group: Group) => OptInDecision,
): string | null {
  // Isolation hits every instance of the subnet: one that is not opted in spares the whole subnet.
  const bystander = (index.instances.get(subnet.id) ?? []).find(
    (instance) =>
      !GONE_STATES.has(instance.state) && (instance.group === undefined || !eligibleGroups.has(instance.group)),
  );
  if (bystander) {
    return `the subnet also hosts ${bystander.id}${bystander.group ? ` (group ${bystander.group})` : ''}, which is not opted in`;
  }
  // A group that lists the subnet would launch into it while it is cut off, even with no instance there yet.
  const launcher = (index.groups.get(subnet.id) ?? []).find((group) => !decide(group).eligible);
  if (launcher)
    return `group ${launcher.name} launches into the subnet and is not opted in (${decide(launcher).reason})`;
  return null;
}

/**
 * isolate: one deny-all ACL swap per zone subnet used by opted-in groups, unless it also hosts (or is launched into
 * by) anything that is not opted in, or an opted-in group listing it would have no subnet left outside the isolated
 * ones (it could only launch into the cut-off zone; the effect takes the subnet out of each group while isolated).
 */
function planIsolate(
  snapshot: Snapshot,
  params: GorillaParams,
  groups: readonly Group[],
  subnets: readonly ZoneSubnet[],
  candidateIds: ReadonlySet<string>,
  eligibleGroups: ReadonlySet<string>,
  decide: (group: Group) => OptInDecision,
): { actions: Action[]; skipped: Skip[] } {
  const skipped: Skip[] = [];
  const chosen: { subnet: ZoneSubnet; users: string[] }[] = [];
  const index = indexBySubnet(snapshot);
  const inZone = new Set(groups);
  for (const subnet of subnets) {
    const users = (index.groups.get(subnet.id) ?? []).filter((group) => inZone.has(group)).map((group) => group.name);
    const hosted = index.instances.get(subnet.id) ?? [];
    if (users.length === 0 && !hosted.some((instance) => candidateIds.has(instance.id))) continue;
    const bystander = isolationBystander(index, subnet, eligibleGroups, decide);
    if (bystander) {
      skipped.push({
        resource: subnet.id,
        group: users[0] ?? null,
        guard: 'opt-in',
        reason: bystander,
        zone: params.zone,
      });
      continue;
    }
    chosen.push({ subnet, users });
  }
  const isolated = new Set(chosen.map(({ subnet }) => subnet.id));
  const trapped = groups.filter(
    (group) => group.subnetIds.some((id) => isolated.has(id)) && group.subnetIds.every((id) => isolated.has(id)),
  );
  const actions: Action[] = [];
  for (const { subnet, users } of chosen) {
    const stuck = trapped.find((group) => group.subnetIds.includes(subnet.id));
    if (stuck) {
      skipped.push({
        resource: subnet.id,
        group: stuck.name,
        guard: 'gorilla-isolate',
        reason: `group ${stuck.name} has no subnet outside ${params.zone}: while isolated it could only launch into the cut-off subnet`,
        zone: params.zone,
      });
      continue;
    }
    actions.push({
      kind: 'isolate-subnets',
      resource: subnet.id,
      group: users[0] ?? null,
      account: snapshot.account,
      region: snapshot.region,
      zone: params.zone,
      params: { subnetId: subnet.id, vpcId: subnet.vpcId, groups: users },
      durationMs: params.duration,
    });
  }
  return { actions, skipped };
}

/** The pure plan of Chaos Gorilla for one zone (also used by Kong on each zone of an evacuated region). */
export function planGorilla(
  snapshot: Snapshot,
  params: GorillaParams,
  optIn: (group: Group) => OptInDecision,
  subnets: readonly ZoneSubnet[] = [],
): Plan {
  const zoneInstances = snapshot.instances.filter((instance) => instance.zone === params.zone);
  const { candidates, skipped, decisions } = classifyInstances(snapshot, zoneInstances, optIn);
  const zoneSubnets = new Set(subnets.map((subnet) => subnet.id));
  const groups = groupsInZone(snapshot, params.zone, zoneSubnets, optIn, decisions);
  const target = { region: snapshot.region, zone: params.zone };
  if (params.mode === 'terminate') {
    return { monkey: 'gorilla', target, actions: terminateActions(snapshot, candidates), skipped };
  }
  const planned =
    params.mode === 'exclude'
      ? planExclude(snapshot, params, groups, candidates, zoneSubnets)
      : planIsolate(
          snapshot,
          params,
          groups,
          subnets,
          new Set(candidates.map((candidate) => candidate.instance.id)),
          new Set([...decisions.values()].filter((decision) => decision.eligible).map((decision) => decision.group)),
          (group) => {
            const decision = decisions.get(group.name) ?? optIn(group);
            decisions.set(group.name, decision);
            return decision;
          },
        );
  return { monkey: 'gorilla', target, actions: planned.actions, skipped: [...skipped, ...planned.skipped] };
}

/**
 * Chaos Gorilla: takes out one availability zone of a region for the opted-in groups, by terminating their
 * instances there, excluding the zone from the groups, or isolating the zone's subnets behind a deny-all ACL.
 */
export const gorilla: Monkey<GorillaParams, GorillaObserved> = {
  name: 'gorilla',
  description: 'Takes out one availability zone: terminate, exclude (move groups out) or isolate (deny-all ACL)',
  kind: 'fault',
  effects: [
    { effect: terminateInstance },
    { effect: removeZoneSubnets, revert: restoreSubnets },
    { effect: isolateSubnets, revert: restoreNaclAssociations },
  ],
  defaultCaps: ZONE_OUTAGE_CAPS,
  params: gorillaParams,
  cli: {
    summary: 'Chaos Gorilla: take out one availability zone for the opted-in groups (simian:gorilla=enabled)',
    flags: [
      { flag: '--zone <az>', param: 'zone', required: true },
      { flag: '--mode <mode>', param: 'mode', help: `how: ${GORILLA_MODES.join(' | ')} (default terminate)` },
      { flag: '--duration <duration>', param: 'duration' },
    ],
    confirm: ['zone'],
    region: {
      one: 'works in one region',
      // The zone names its region; a --region of another region is refused before any AWS call.
      resolve(params, given) {
        const zone = String(params.zone);
        const region = given ?? zone.slice(0, -1);
        checkZoneName(zone, region);
        return region;
      },
    },
  },
  async prepare({ params, clients, target }) {
    await checkZoneExists(params.zone, clients, target);
    const subnets = params.mode === 'terminate' ? [] : await subnetsOfZone(params.zone, clients, target);
    return { subnets };
  },
  plan: ({ snapshot, params, optIn, observed }) => planGorilla(snapshot, params, optIn, observed?.subnets ?? []),
};
