import { describe, expect, it } from 'vitest';
import { groupInstances } from '../../core/fleet/grouping.js';
import { makeGroup, makeInstance } from '../support/fleet.js';
import { snapshotOf } from '../support/snapshot.js';

const snapshot = snapshotOf(
  [
    makeGroup('web-prod-blue-v001', {}, [{ id: 'i-1', zone: 'us-east-1a' }]),
    makeGroup('web-prod-blue-v002', {}, [{ id: 'i-2', zone: 'us-east-1b' }]),
    makeGroup('web-test', {}, [{ id: 'i-3', zone: 'us-east-1a' }]),
    makeGroup('api-prod', {}, [{ id: 'i-4', zone: 'us-east-1c' }]),
  ],
  {
    takenAt: new Date('2026-01-01T00:00:00Z'),
    instances: [
      makeInstance('i-1', 'us-east-1a', 'web-prod-blue-v001'),
      makeInstance('i-2', 'us-east-1b', 'web-prod-blue-v002'),
      makeInstance('i-3', 'us-east-1a', 'web-test'),
      makeInstance('i-4', 'us-east-1c', 'api-prod'),
      // In api-prod by its tag only (the member list missed it, e.g. mid-attach).
      makeInstance('i-5', 'us-east-1a', 'api-prod'),
      makeInstance('i-loose', 'us-east-1a'),
    ],
  },
);

function summary(by: 'asg' | 'app' | 'stack' | 'cluster') {
  return groupInstances(snapshot, by).map((unit) => ({
    name: unit.name,
    groups: unit.groups.map((group) => group.name),
    instances: unit.instances.map((instance) => instance.id).sort(),
  }));
}

describe('groupInstances', () => {
  it('per ASG: one unit per group with its members, loose instances in none', () => {
    expect(summary('asg')).toEqual([
      { name: 'api-prod', groups: ['api-prod'], instances: ['i-4', 'i-5'] },
      { name: 'web-prod-blue-v001', groups: ['web-prod-blue-v001'], instances: ['i-1'] },
      { name: 'web-prod-blue-v002', groups: ['web-prod-blue-v002'], instances: ['i-2'] },
      { name: 'web-test', groups: ['web-test'], instances: ['i-3'] },
    ]);
  });

  it('per app: every group of the app together', () => {
    expect(summary('app')).toEqual([
      { name: 'api', groups: ['api-prod'], instances: ['i-4', 'i-5'] },
      {
        name: 'web',
        groups: ['web-prod-blue-v001', 'web-prod-blue-v002', 'web-test'],
        instances: ['i-1', 'i-2', 'i-3'],
      },
    ]);
  });

  it('per stack: app and stack together (web-prod apart from web-test)', () => {
    expect(summary('stack').map((unit) => [unit.name, unit.instances])).toEqual([
      ['api-prod', ['i-4', 'i-5']],
      ['web-prod', ['i-1', 'i-2']],
      ['web-test', ['i-3']],
    ]);
  });

  it('per cluster: versions of one cluster together', () => {
    expect(summary('cluster').map((unit) => [unit.name, unit.groups])).toEqual([
      ['api-prod', ['api-prod']],
      ['web-prod-blue', ['web-prod-blue-v001', 'web-prod-blue-v002']],
      ['web-test', ['web-test']],
    ]);
  });
});
