import type { JanitorType } from './world.js';

/** The action kind that deletes a resource of each type (the contract's names). */
export const DELETE_KIND: Readonly<Record<JanitorType, string>> = {
  instance: 'terminate-instance',
  'auto-scaling-group': 'delete-auto-scaling-group',
  'load-balancer': 'delete-load-balancer',
  'classic-load-balancer': 'delete-classic-load-balancer',
  'launch-configuration': 'delete-launch-configuration',
  image: 'deregister-image',
  snapshot: 'delete-snapshot',
  volume: 'delete-volume',
  'elastic-ip': 'release-address',
  'target-group': 'delete-target-group',
  'network-interface': 'delete-network-interface',
  'security-group': 'delete-security-group',
  'rds-snapshot': 'delete-rds-snapshot',
  'rds-cluster-snapshot': 'delete-rds-cluster-snapshot',
  'log-group': 'delete-log-group',
};

/** The first run that saw a resource in a state AWS does not date: a clock started, not a mark. */
export const SEEN_KIND = 'note-seen';
export const MARK_KIND = 'mark-for-janitor';
export const UNMARK_KIND = 'unmark-for-janitor';
