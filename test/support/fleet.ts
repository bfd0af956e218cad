import type { AwsClients } from '../../core/aws/clients.js';
import type { Group, Instance } from '../../core/fleet/model.js';
import { parseGroupName } from '../../core/fleet/naming.js';
import { type FleetSpec, type SeededFleet, seedFleet } from '../../core/sandbox/seed.js';

export const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;

/**
 * A small fleet covering each opt-in case: web-prod opted in by simian:all, api-prod by simian:gorilla, db-prod
 * opted out, batch-dev untagged (two zones), web-prod-canary (a canary with simian:all), plus loose instances,
 * one attached and one detached volume, and one snapshot. 12 group instances in all.
 */
export const DEFAULT_FLEET: FleetSpec = {
  region: 'us-east-1',
  zones: ZONES,
  groups: [
    { name: 'web-prod', tags: { 'simian:all': 'enabled', team: 'web' }, instancesPerZone: 1, min: 1, max: 6 },
    { name: 'api-prod', tags: { 'simian:gorilla': 'enabled', team: 'api' }, instancesPerZone: 1 },
    { name: 'db-prod', tags: { 'simian:all': 'disabled', team: 'data' }, instancesPerZone: 1 },
    { name: 'batch-dev', instancesPerZone: 1, zones: ['us-east-1a', 'us-east-1b'] },
    { name: 'web-prod-canary', tags: { 'simian:all': 'enabled' }, instancesPerZone: 1, zones: ['us-east-1a'] },
  ],
  loose: { count: 2, tags: { owner: 'ops@example.com' } },
  volumes: { attached: 1, detached: 1 },
  snapshots: 1,
};

/** Seeds DEFAULT_FLEET (or a variant of it) into the test run's moto. */
export function seedDefaultFleet(clients: AwsClients, overrides: Partial<FleetSpec> = {}): Promise<SeededFleet> {
  return seedFleet(clients, { ...DEFAULT_FLEET, ...overrides });
}

/** The seeded group of that name (throws when the name is unknown, so a test typo fails loudly). */
export function seededGroup(fleet: SeededFleet, name: string) {
  const group = fleet.groups.find((candidate) => candidate.name === name);
  if (!group) throw new Error(`no seeded group ${name}`);
  return group;
}

/** A group built in memory (for pure tests of opt-in, grouping and planning): sizes follow the members. */
export function makeGroup(
  name: string,
  tags: Record<string, string> = {},
  members: { id: string; zone: string }[] = [],
): Group {
  const zones = [...new Set(members.map((member) => member.zone))].sort();
  return {
    name,
    arn: `arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0:autoScalingGroupName/${name}`,
    tags,
    zones,
    subnetIds: [],
    desired: members.length,
    min: 0,
    max: Math.max(members.length * 2, 1),
    suspendedProcesses: [],
    status: undefined,
    createdAt: undefined,
    members: members.map((member) => ({ ...member, lifecycleState: 'InService', healthStatus: 'Healthy' })),
    naming: parseGroupName(name),
  };
}

/** An instance built in memory, running, in the given group (or none). */
export function makeInstance(id: string, zone: string, group?: string): Instance {
  return {
    id,
    zone,
    state: 'running',
    launchTime: new Date('2026-01-01T00:00:00Z'),
    tags: group ? { Name: group } : {},
    group,
    instanceType: 't3.micro',
    subnetId: undefined,
    vpcId: undefined,
    securityGroupIds: [],
    rootDeviceName: '/dev/xvda',
    volumes: [],
    privateIp: undefined,
  };
}
