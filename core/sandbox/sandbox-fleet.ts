import type { FleetSpec } from './seed.js';

/**
 * The demo's fleet: several apps over three zones of us-east-1 with every opt-in case (simian:all, one monkey's
 * tag, opted out, untagged, a canary, a versioned app-stack-detail name), loose instances, volumes and a snapshot
 * for the Janitor, and one small group in us-west-2. About 20 instances: seeded in a few seconds.
 */
export const SANDBOX_FLEETS: readonly FleetSpec[] = [
  {
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    groups: [
      {
        name: 'web-prod',
        tags: { 'simian:all': 'enabled', owner: 'web-team@example.com' },
        instancesPerZone: 2,
        min: 3,
        max: 12,
      },
      {
        name: 'api-prod',
        tags: { 'simian:gorilla': 'enabled', 'simian:chaos': 'true', owner: 'api-team@example.com' },
        instancesPerZone: 1,
        min: 2,
        max: 6,
      },
      {
        name: 'checkout-prod-blue-v042',
        tags: { 'simian:chaos': 'Enabled', owner: 'payments@example.com' },
        instancesPerZone: 1,
        max: 6,
      },
      {
        name: 'db-prod',
        tags: { 'simian:all': 'disabled', owner: 'data@example.com' },
        instancesPerZone: 1,
        min: 3,
        max: 3,
      },
      { name: 'search-staging', instancesPerZone: 1, zones: ['us-east-1a', 'us-east-1b'] },
      // One cluster over two groups, 3/1/1 across the zones: Circus evens it out.
      {
        name: 'queue-prod-v001',
        tags: { 'simian:circus': 'enabled', owner: 'queue-team@example.com' },
        instancesPerZone: { 'us-east-1a': 3, 'us-east-1b': 1, 'us-east-1c': 0 },
        min: 1,
        max: 8,
      },
      {
        name: 'queue-prod-v002',
        tags: { 'simian:circus': 'enabled', owner: 'queue-team@example.com' },
        instancesPerZone: { 'us-east-1a': 0, 'us-east-1b': 0, 'us-east-1c': 1 },
        min: 0,
        max: 8,
      },
      {
        name: 'web-prod-canary',
        tags: { 'simian:all': 'enabled', owner: 'web-team@example.com' },
        instancesPerZone: 1,
        zones: ['us-east-1a'],
      },
    ],
    loose: { count: 2, tags: { Name: 'bastion', owner: 'ops@example.com' } },
    volumes: { attached: 1, detached: 2, tags: { owner: 'ops@example.com' } },
    snapshots: 1,
  },
  {
    region: 'us-west-2',
    zones: ['us-west-2a', 'us-west-2b'],
    groups: [
      {
        name: 'web-prod',
        tags: { 'simian:all': 'enabled', owner: 'web-team@example.com' },
        instancesPerZone: 1,
        min: 1,
        max: 4,
      },
    ],
  },
];
