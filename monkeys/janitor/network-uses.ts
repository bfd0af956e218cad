import type { LaunchConfiguration } from '@aws-sdk/client-auto-scaling';
import type { Address, Instance, NetworkInterface, SecurityGroup } from '@aws-sdk/client-ec2';
import type { LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';
import type { LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { recordsOf, type World } from './world.js';

type Use = (id: string | undefined, by: string) => void;

/**
 * The uses of security groups, network interfaces and target groups, added to the use index after everything else
 * (uses.ts): what keeps one of these in use never makes its referrers look used (a listener naming a target group
 * does not make the balancer serve anything).
 */
export function addNetworkUses(world: World, use: Use): void {
  const groups = recordsOf<SecurityGroup>(world, 'security-group');
  // A group is named by id in a VPC, by name in a default-VPC launch configuration or template: a name keeps every
  // group that bears it (fail closed).
  const byName = new Map<string, string[]>();
  for (const group of groups) {
    if (group.raw.GroupName) byName.set(group.raw.GroupName, [...(byName.get(group.raw.GroupName) ?? []), group.id]);
  }
  const useGroup = (idOrName: string | undefined, by: string) => {
    if (!idOrName) return;
    use(idOrName, by);
    for (const id of byName.get(idOrName) ?? []) use(id, by);
  };

  for (const { id, raw } of recordsOf<NetworkInterface>(world, 'network-interface')) {
    const what = `network interface ${id} (${raw.InterfaceType ?? 'interface'}, ${raw.Status ?? 'unknown status'}${raw.Description ? `: ${raw.Description}` : ''})`;
    for (const group of raw.Groups ?? []) useGroup(group.GroupId, what);
    if (raw.Attachment?.InstanceId) use(id, `instance ${raw.Attachment.InstanceId}`);
  }
  for (const { id, raw } of recordsOf<Instance>(world, 'instance')) {
    for (const group of raw.SecurityGroups ?? []) useGroup(group.GroupId, `instance ${id}`);
    for (const eni of raw.NetworkInterfaces ?? []) {
      for (const group of eni.Groups ?? []) useGroup(group.GroupId, `instance ${id}`);
      use(eni.NetworkInterfaceId, `instance ${id}`);
    }
  }
  for (const { id, raw } of groups) {
    for (const permission of [...(raw.IpPermissions ?? []), ...(raw.IpPermissionsEgress ?? [])]) {
      for (const pair of permission.UserIdGroupPairs ?? []) {
        const named = pair.GroupId ?? pair.GroupName;
        if (named === id || named === raw.GroupName) continue;
        useGroup(named, `a rule of security group ${raw.GroupName ?? id} (${id})`);
      }
    }
  }
  for (const version of world.observed.templateVersions) {
    const by = `launch template ${version.templateName} (${version.templateId}) version ${version.version}`;
    for (const group of version.data.SecurityGroupIds ?? []) useGroup(group, by);
    for (const group of version.data.SecurityGroups ?? []) useGroup(group, by);
    for (const eni of version.data.NetworkInterfaces ?? []) {
      for (const group of eni.Groups ?? []) useGroup(group, by);
      use(eni.NetworkInterfaceId, by);
    }
  }
  for (const { id, raw } of recordsOf<LaunchConfiguration>(world, 'launch-configuration')) {
    for (const group of raw.SecurityGroups ?? []) useGroup(group, `launch configuration ${id}`);
  }
  for (const { id, name, raw } of recordsOf<LoadBalancer>(world, 'load-balancer')) {
    for (const group of raw.SecurityGroups ?? []) useGroup(group, `load balancer ${name ?? id}`);
  }
  for (const { id, raw } of recordsOf<LoadBalancerDescription>(world, 'classic-load-balancer')) {
    for (const group of raw.SecurityGroups ?? []) useGroup(group, `classic load balancer ${id}`);
    useGroup(raw.SourceSecurityGroup?.GroupName, `classic load balancer ${id} (its source group)`);
  }
  for (const { raw } of recordsOf<Address>(world, 'elastic-ip')) {
    use(raw.NetworkInterfaceId, `elastic IP ${raw.PublicIp ?? raw.AllocationId}`);
  }
  // AWS's own word on which balancers a target group serves: a listener or rule of each forwards to it.
  const balancerNames = new Map(recordsOf<LoadBalancer>(world, 'load-balancer').map((lb) => [lb.id, lb.name]));
  for (const { id, raw } of recordsOf<TargetGroup>(world, 'target-group')) {
    for (const balancer of raw.LoadBalancerArns ?? [])
      use(id, `load balancer ${balancerNames.get(balancer) ?? balancer}`);
  }
  for (const found of world.observed.references) use(found.id, found.by);
}
