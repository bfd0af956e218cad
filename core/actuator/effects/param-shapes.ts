import { z } from 'zod';

/** The id shapes effect params carry, so a bad id is caught before any AWS call (see Effect.paramsSchema). */
export const subnetId = z.string().regex(/^subnet-[0-9a-f]+$/, 'expected a subnet id (subnet-…)');
export const vpcId = z.string().regex(/^vpc-[0-9a-f]+$/, 'expected a VPC id (vpc-…)');
export const networkAclId = z.string().regex(/^acl-[0-9a-f]+$/, 'expected a network ACL id (acl-…)');
export const securityGroupId = z.string().regex(/^sg-[0-9a-f]+$/, 'expected a security group id (sg-…)');
export const volumeId = z.string().regex(/^vol-[0-9a-f]+$/, 'expected a volume id (vol-…)');
export const deviceName = z.string().regex(/^\/dev\/[a-z0-9]+$/, 'expected a device name (/dev/…)');
/** Auto Scaling group names: 1 to 255 characters. */
export const groupName = z.string().min(1).max(255);
/** "subnet-a,subnet-b": a group's VPCZoneIdentifier. */
export const vpcZoneIdentifier = z
  .string()
  .regex(/^subnet-[0-9a-f]+(\s*,\s*subnet-[0-9a-f]+)*$/, 'expected comma-separated subnet ids');

/** Params of a kind that takes none. */
export const noParams = z.strictObject({});
