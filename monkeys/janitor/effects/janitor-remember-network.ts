import {
  DescribeAddressesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import type { ConfigOf } from './janitor-deleted.js';
import { gone, plain, type Remember, tagMap } from './janitor-remember.js';
import { targetOf } from './janitor-target.js';

/** A launch configuration: everything CreateLaunchConfiguration takes again (AWS cannot tag one). */
export const rememberLaunchConfiguration: Remember = async (action, ctx): Promise<ConfigOf<'launch-configuration'>> => {
  const { DescribeLaunchConfigurationsCommand } = await import('@aws-sdk/client-auto-scaling');
  const answer = await ctx.clients
    .autoScaling(targetOf(action, ctx))
    .send(new DescribeLaunchConfigurationsCommand({ LaunchConfigurationNames: [action.resource] }));
  const found = answer.LaunchConfigurations?.find((one) => one.LaunchConfigurationName === action.resource);
  if (!found) throw gone('ValidationError', `launch configuration ${action.resource}`);
  return { type: 'launch-configuration', configuration: plain(found) };
};

/** A target group: its settings as AWS describes them, and its tags. */
export const rememberTargetGroup: Remember = async (action, ctx): Promise<ConfigOf<'target-group'>> => {
  const { DescribeTagsCommand, DescribeTargetGroupsCommand } = await import(
    '@aws-sdk/client-elastic-load-balancing-v2'
  );
  const elbv2 = ctx.clients.elbv2(targetOf(action, ctx));
  const answer = await elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [action.resource] }));
  const group = answer.TargetGroups?.find((found) => found.TargetGroupArn === action.resource);
  if (!group?.TargetGroupName) throw gone('TargetGroupNotFound', `target group ${action.resource}`);
  const tags = await elbv2.send(new DescribeTagsCommand({ ResourceArns: [action.resource] }));
  return { type: 'target-group', targetGroup: plain(group), tags: tagMap(tags.TagDescriptions?.[0]?.Tags) };
};

/** A security group: its VPC, name, description, tags and every ingress and egress rule. */
export const rememberSecurityGroup: Remember = async (action, ctx): Promise<ConfigOf<'security-group'>> => {
  const answer = await ctx.clients
    .ec2(targetOf(action, ctx))
    .send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [action.resource] }] }));
  const group = answer.SecurityGroups?.find((found) => found.GroupId === action.resource);
  if (!group?.GroupName) throw gone('InvalidGroup.NotFound', `security group ${action.resource}`);
  return {
    type: 'security-group',
    groupName: group.GroupName,
    description: group.Description ?? group.GroupName,
    ...(group.VpcId ? { vpcId: group.VpcId } : {}),
    ingress: (group.IpPermissions ?? []).map(plain),
    egress: (group.IpPermissionsEgress ?? []).map(plain),
    tags: tagMap(group.Tags),
  };
};

/** A network interface: its subnet, groups, description, primary private IP and tags. */
export const rememberNetworkInterface: Remember = async (action, ctx): Promise<ConfigOf<'network-interface'>> => {
  const answer = await ctx.clients.ec2(targetOf(action, ctx)).send(
    new DescribeNetworkInterfacesCommand({
      Filters: [{ Name: 'network-interface-id', Values: [action.resource] }],
    }),
  );
  const eni = answer.NetworkInterfaces?.find((found) => found.NetworkInterfaceId === action.resource);
  if (!eni?.SubnetId) throw gone('InvalidNetworkInterfaceID.NotFound', `network interface ${action.resource}`);
  return {
    type: 'network-interface',
    subnetId: eni.SubnetId,
    groups: (eni.Groups ?? []).flatMap((group) => group.GroupId ?? []),
    ...(eni.Description ? { description: eni.Description } : {}),
    ...(eni.PrivateIpAddress ? { privateIpAddress: eni.PrivateIpAddress } : {}),
    tags: tagMap(eni.TagSet),
  };
};

/** An Elastic IP: its public address, domain, border group, pool and tags. */
export const rememberAddress: Remember = async (action, ctx): Promise<ConfigOf<'elastic-ip'>> => {
  const answer = await ctx.clients
    .ec2(targetOf(action, ctx))
    .send(new DescribeAddressesCommand({ Filters: [{ Name: 'allocation-id', Values: [action.resource] }] }));
  const address = answer.Addresses?.find((found) => found.AllocationId === action.resource);
  if (!address?.PublicIp) throw gone('InvalidAllocationID.NotFound', `Elastic IP ${action.resource}`);
  return {
    type: 'elastic-ip',
    publicIp: address.PublicIp,
    ...plain({
      domain: address.Domain,
      networkBorderGroup: address.NetworkBorderGroup,
      publicIpv4Pool: address.PublicIpv4Pool,
    }),
    tags: tagMap(address.Tags),
  };
};
