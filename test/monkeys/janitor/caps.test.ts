import { describe, expect, it } from 'vitest';
import type { Action } from '../../../core/plan/action.js';
import { capDeletions } from '../../../monkeys/janitor/caps.js';
import { janitorParams } from '../../../monkeys/janitor/params.js';

function deletion(kind: string, resourceType: string, resource: string): Action {
  return {
    kind,
    resource,
    group: null,
    account: '123456789012',
    region: 'us-east-1',
    zone: null,
    params: { resourceType },
  };
}

describe('janitor deletion caps and order', () => {
  it('puts dependents first (group before launch configuration, image before snapshot) and holds every cap', () => {
    const params = janitorParams.parse({ maxDeletionsPerRun: 4, maxDeletionsPerType: 2, maxPercentPerType: 50 });
    const planned = [
      deletion('delete-snapshot', 'snapshot', 'snap-1'),
      deletion('delete-launch-configuration', 'launch-configuration', 'old-lc'),
      deletion('deregister-image', 'image', 'ami-1'),
      deletion('delete-auto-scaling-group', 'auto-scaling-group', 'old-asg'),
      deletion('delete-snapshot', 'snapshot', 'snap-2'),
      deletion('delete-snapshot', 'snapshot', 'snap-3'),
    ];
    const sizes: Record<string, number> = {
      snapshot: 10,
      image: 1,
      'auto-scaling-group': 1,
      'launch-configuration': 1,
    };
    const { kept, spared } = capDeletions(planned, params, (type) => sizes[type] ?? 0);
    expect(kept.map((action) => action.resource)).toEqual(['old-asg', 'old-lc', 'ami-1', 'snap-1']);
    expect(spared.map((skip) => [skip.resource, skip.guard])).toEqual([
      ['snap-2', 'caps'],
      ['snap-3', 'caps'],
    ]);
    expect(spared[0]?.reason).toContain('maxDeletionsPerRun 4');
  });

  it('a percent of a type allows at least one, and never more than the per-type cap', () => {
    const params = janitorParams.parse({ maxPercentPerType: 10, maxDeletionsPerType: 3 });
    const planned = ['vol-1', 'vol-2', 'vol-3'].map((id) => deletion('delete-volume', 'volume', id));
    expect(capDeletions(planned, params, () => 5).kept).toHaveLength(1);
    expect(capDeletions(planned, params, () => 100).kept).toHaveLength(3);
  });
});
