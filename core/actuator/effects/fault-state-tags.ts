/**
 * Tags the chaos effects write on the resources they change, so the original state lives on the resource itself:
 * a job delivered twice, or an operator cleaning up by hand, can always find what to put back.
 */

/** On an instance whose security groups were swapped: its original group ids, comma-separated. */
export const ORIGINAL_SECURITY_GROUPS_TAG = 'simian:chaos:original-security-groups';
/** On a detached volume: the instance it was detached from, and the device it had there. */
export const DETACHED_FROM_TAG = 'simian:chaos:detached-from';
export const DETACHED_DEVICE_TAG = 'simian:chaos:detached-device';
/** The empty security group block-network puts instances in (one per VPC, found by name and tag). */
export const QUARANTINE_GROUP_NAME = 'simian-quarantine';
export const OWNED_TAG = 'simian:owned';
/**
 * On a subnet behind simian's deny-all network ACL: the network ACL it had before (a fresh read, never a simian
 * one). Every isolation of the subnet, even one overlapping another run's, restores this one.
 */
export const ORIGINAL_NETWORK_ACL_TAG = 'simian:isolation:original-network-acl';
