import type { SecurityGroup } from '@aws-sdk/client-ec2';
import { UNUSED_SEEN_AT_TAG } from '../tags.js';
import { type JanitorRule, nothingUses } from './rule.js';

/**
 * A security group nothing names, for more than N days (from the first run that saw it so): no network interface
 * (any status: every instance, balancer, database, function or endpoint in a VPC holds its groups through one), no
 * instance, no other group's rule, no launch template version, no launch configuration, no load balancer. A VPC's
 * default group is never a candidate (AWS does not let it go).
 */
export const unusedSecurityGroup: JanitorRule<SecurityGroup> = {
  id: 'unused-security-group',
  type: 'security-group',
  description:
    'security group named by no network interface, instance, other group rule, launch template version, launch configuration or load balancer for more than N days; never a default group',
  defaultDays: 30,
  unused(record, ctx) {
    if (record.raw.GroupName === 'default') return null;
    if (nothingUses(ctx, record.id)) return null;
    return `security group ${record.raw.GroupName ?? record.id} is named by no interface, rule, template, configuration or balancer`;
  },
  since: { tag: UNUSED_SEEN_AT_TAG },
};
