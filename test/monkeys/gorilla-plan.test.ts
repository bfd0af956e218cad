import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Group } from '../../core/fleet/model.js';
import { decideOptIn } from '../../core/fleet/opt-in.js';
import { planGorilla } from '../../monkeys/gorilla.js';
import { pickRandom } from '../../monkeys/shared/pick.js';
import { makeGroup, makeInstance } from '../support/fleet.js';
import { identityOf } from '../support/monkey-identity.js';
import { snapshotOf } from '../support/snapshot.js';

const where = { account: '123456789012', region: 'us-east-1' };
const optIn = (group: Group) => decideOptIn(group, identityOf('gorilla'), undefined, where);

describe('planGorilla (pure)', () => {
  it('spares an instance already shutting down with the state guard', () => {
    const group = makeGroup('web-prod', { 'simian:gorilla': 'enabled' }, [
      { id: 'i-1', zone: 'us-east-1a' },
      { id: 'i-2', zone: 'us-east-1a' },
    ]);
    const plan = planGorilla(
      snapshotOf([group], {
        instances: [
          makeInstance('i-1', 'us-east-1a', 'web-prod'),
          { ...makeInstance('i-2', 'us-east-1a', 'web-prod'), state: 'shutting-down' },
        ],
      }),
      { zone: 'us-east-1a', mode: 'terminate', duration: 1_800_000 },
      optIn,
    );
    expect(plan.actions.map((action) => action.resource)).toEqual(['i-1']);
    expect(plan.skipped).toEqual([
      { resource: 'i-2', group: 'web-prod', guard: 'state', reason: 'already shutting-down', zone: 'us-east-1a' },
    ]);
  });

  it('exclude puts the subnet removal before the terminations, with the duration', () => {
    const group = {
      ...makeGroup('web-prod', { 'simian:all': 'true' }, [{ id: 'i-1', zone: 'us-east-1a' }]),
      subnetIds: ['subnet-a', 'subnet-b'],
    };
    const plan = planGorilla(
      snapshotOf([group], { instances: [makeInstance('i-1', 'us-east-1a', 'web-prod')] }),
      { zone: 'us-east-1a', mode: 'exclude', duration: 600_000 },
      optIn,
      [{ id: 'subnet-a', vpcId: 'vpc-1' }],
    );
    expect(plan.actions.map((action) => `${action.kind} ${action.resource}`)).toEqual([
      'remove-zone-subnets web-prod',
      'terminate-instance i-1',
    ]);
    expect(plan.actions[0]).toMatchObject({ params: { subnetIds: ['subnet-a'] }, durationMs: 600_000 });
  });
});

describe('pickRandom', () => {
  it('picks min(count, n) distinct items of the input', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer(), { maxLength: 30 }),
        fc.integer({ min: 0, max: 40 }),
        fc.infiniteStream(fc.double({ min: 0, max: 0.999_999, noNaN: true })),
        (items, count, randoms) => {
          const picked = pickRandom(items, count, () => randoms.next().value);
          expect(picked).toHaveLength(Math.min(count, items.length));
          expect(new Set(picked).size).toBe(picked.length);
          for (const item of picked) expect(items).toContain(item);
        },
      ),
    );
  });
});
