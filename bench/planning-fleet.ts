import type { Group, Instance, Snapshot } from '../core/fleet/model.js';
import { parseGroupName } from '../core/fleet/naming.js';
import { MOTO_ACCOUNT } from './accounts.js';

export const PLANNING_REGION = 'us-east-1';
export const PLANNING_ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;

/**
 * A snapshot built in memory: `groups` groups of `instances / groups` running InService instances each, spread
 * over three zones; every other group opted in by `simian:all=enabled`, the rest untagged. No AWS involved.
 */
export function planningSnapshot(groupCount: number, instanceCount: number): Snapshot {
  const perGroup = Math.floor(instanceCount / groupCount);
  const groups: Group[] = [];
  const instances: Instance[] = [];
  for (let g = 0; g < groupCount; g++) {
    const name = `app${g}-prod`;
    const members = [];
    for (let i = 0; i < perGroup; i++) {
      const id = `i-${(g * perGroup + i).toString(16).padStart(17, '0')}`;
      const zone = PLANNING_ZONES[i % PLANNING_ZONES.length] as string;
      members.push({ id, zone, lifecycleState: 'InService', healthStatus: 'Healthy' });
      instances.push({
        id,
        zone,
        state: 'running',
        launchTime: undefined,
        tags: { 'aws:autoscaling:groupName': name },
        group: name,
        instanceType: 't3.micro',
        subnetId: `subnet-${zone}`,
        vpcId: 'vpc-1',
        securityGroupIds: [],
        rootDeviceName: '/dev/xvda',
        volumes: [],
        privateIp: undefined,
      });
    }
    groups.push({
      name,
      arn: undefined,
      tags: g % 2 === 0 ? { 'simian:all': 'enabled', team: 'bench' } : { team: 'bench' },
      zones: [...PLANNING_ZONES],
      subnetIds: PLANNING_ZONES.map((zone) => `subnet-${zone}`),
      desired: perGroup,
      min: 0,
      max: perGroup * 2,
      suspendedProcesses: [],
      status: undefined,
      createdAt: undefined,
      members,
      naming: parseGroupName(name),
    });
  }
  return {
    account: MOTO_ACCOUNT,
    region: PLANNING_REGION,
    takenAt: new Date(),
    groups,
    instances,
    resources: new Map(),
  };
}
