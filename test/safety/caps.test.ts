import { describe, expect, it } from 'vitest';
import { decideCaps, percentAllowance } from '../../core/safety/caps.js';
import { group, member } from './run-context.js';

const none = { total: 0, inGroup: new Set<string>() };
const three = () => group('web-prod', [member('i-1'), member('i-2'), member('i-3')]);

describe('decideCaps', () => {
  it('allows one action in a healthy group within every cap', () => {
    expect(decideCaps({ maxPerRun: 1, maxPercentPerGroup: 34, minHealthy: 1 }, three(), 'i-1', none)).toEqual({
      allow: true,
    });
  });

  it('stops at maxPerRun across groups', () => {
    expect(decideCaps({ maxPerRun: 2 }, three(), 'i-1', { total: 2, inGroup: new Set() })).toEqual({
      allow: false,
      reason: 'the run already took 2 action(s) (maxPerRun 2)',
    });
  });

  it('rounds the percent cap down', () => {
    expect(percentAllowance(34, 3)).toBe(1);
    expect(percentAllowance(34, 2)).toBe(0);
    expect(percentAllowance(50, 4)).toBe(2);
    expect(
      decideCaps({ maxPercentPerGroup: 34 }, three(), 'i-2', { total: 1, inGroup: new Set(['i-1']) }),
    ).toMatchObject({ allow: false });
  });

  it('spares a group in a scaling activity, being deleted, or below its desired capacity', () => {
    const pending = group('web-prod', [member('i-1'), member('i-2', 'Pending')]);
    expect(decideCaps({}, pending, 'i-1', none)).toEqual({
      allow: false,
      reason: 'group web-prod is in a scaling activity (i-2 Pending)',
    });
    const deleting = group('web-prod', [member('i-1')], { status: 'Delete in progress' });
    expect(decideCaps({}, deleting, 'i-1', none)).toMatchObject({
      allow: false,
      reason: expect.stringMatching(/status/),
    });
    const below = group('web-prod', [member('i-1'), member('i-2')], { desired: 3 });
    expect(decideCaps({}, below, 'i-1', none)).toEqual({
      allow: false,
      reason: 'group web-prod is below its desired capacity (2 of 3)',
    });
  });

  it('counts only InService & Healthy instances toward minHealthy', () => {
    const unhealthy = group('web-prod', [member('i-1'), member('i-2', 'InService', 'Unhealthy')]);
    expect(decideCaps({ minHealthy: 1 }, unhealthy, 'i-1', none)).toMatchObject({ allow: false });
    expect(decideCaps({ minHealthy: 1 }, unhealthy, 'i-2', none)).toEqual({ allow: true });
  });

  it('allows a resource this run already allowed again, without counting it twice', () => {
    const tally = { total: 1, inGroup: new Set(['i-1']) };
    expect(decideCaps({ maxPerRun: 1, maxPerGroup: 1 }, three(), 'i-1', tally)).toEqual({ allow: true });
  });
});
