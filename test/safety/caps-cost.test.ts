// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import { describe, expect, it } from 'vitest';
import { capsGuard } from '../../core/safety/caps-guard.js';
import type { FreshLookup } from '../../core/safety/fresh-state.js';
import type { Tracker } from '../../core/safety/tracker.js';
import { trackerGuard } from '../../core/safety/tracker.js';
import { group, member, runContext, terminateAction } from './run-context.js';

const solo = group('solo-prod', [member('i-1')], { subnetIds: ['subnet-0a', 'subnet-0b'] });
const lookup: FreshLookup = {
  of: async () => ({ group: solo, resource: { id: 'i-1', type: 'instance', state: 'running', tags: {} } }),
};
const removal = terminateAction('solo-prod', 'solo-prod', {
  kind: 'remove-zone-subnets',
  params: { zone: 'us-east-1a', subnetIds: ['subnet-0a'] },
});

describe('what the caps count: only actions that take an instance out of service', () => {
  it('a subnet removal uses up no cap: at 100 % the group of one still loses its instance, and maxPerRun 1 holds', async () => {
    const guard = capsGuard(lookup);
    const run = runContext({ caps: { maxPerRun: 1, maxPercentPerGroup: 100, minHealthy: 0 } });
    expect(await guard.check(removal, run)).toEqual({ allow: true });
    expect(await guard.check(terminateAction('i-1', 'solo-prod'), run)).toEqual({ allow: true });
    expect(await guard.check(terminateAction('i-2', 'other-prod'), run)).toMatchObject({
      allow: false,
      reason: 'the run already took 1 action(s) (maxPerRun 1)',
    });
    // Still uncounted after the cap is reached.
    expect(await guard.check(removal, run)).toEqual({ allow: true });
  });

  it('the kill tracker neither checks nor records a subnet removal', async () => {
    const asked: string[] = [];
    const tracker = {
      checkAndRecordKill: async (attempt: { resource: string }) => {
        asked.push(attempt.resource);
        return { allowed: true };
      },
    } as unknown as Tracker;
    const guard = trackerGuard(() => tracker);
    const run = runContext({ dryRun: false });
    expect(await guard.check(removal, run)).toEqual({ allow: true });
    expect(await guard.check(terminateAction('i-1', 'solo-prod'), run)).toEqual({ allow: true });
    expect(asked).toEqual(['i-1']);
  });
});
