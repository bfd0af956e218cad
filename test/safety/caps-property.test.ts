// The action kinds are registered by the monkeys that declare them.
import '../../monkeys/index.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkActionGuards } from '../../core/actuator/guard-checks.js';
import type { Caps } from '../../core/config/schema.js';
import type { Group } from '../../core/fleet/model.js';
import { decideOptIn } from '../../core/fleet/opt-in.js';
import type { Action } from '../../core/plan/action.js';
import { percentAllowance } from '../../core/safety/caps.js';
import { capsGuard } from '../../core/safety/caps-guard.js';
import type { FreshLookup } from '../../core/safety/fresh-state.js';
import { optInGuard } from '../../core/safety/opt-in-guard.js';
import { MOTO_ACCOUNT } from '../support/env.js';
import { identityOf } from '../support/monkey-identity.js';
import { group, member, runContext, terminateAction } from './run-context.js';

// One canary: never eligible without a rule naming it.
const NAMES = ['web-prod', 'api-prod', 'db-dev', 'batch', 'web-prod-canary', 'search-test-blue'];
const TAG_VALUES = ['enabled', 'disabled', 'Enabled', 'TRUE', 'false', 'off', ''];
const STATES = ['Pending', 'Terminating:Wait', 'Standby'];

// Weighted towards healthy, steady groups so that many runs act; the rest exercise the refusals.
const memberArb = fc.record({
  lifecycleState: fc.oneof(
    { weight: 12, arbitrary: fc.constant('InService') },
    { weight: 1, arbitrary: fc.constantFrom(...STATES) },
  ),
  healthStatus: fc.oneof(
    { weight: 5, arbitrary: fc.constant('Healthy') },
    { weight: 1, arbitrary: fc.constant('Unhealthy') },
  ),
});

const groupArb = (name: string) =>
  fc
    .record({
      tags: fc.record(
        {
          'simian:chaos': fc.oneof({ weight: 4, arbitrary: fc.constant('enabled') }, fc.constantFrom(...TAG_VALUES)),
          // Mostly readable: an unreadable value on either key spares the group, and the property needs runs that act.
          'simian:all': fc.oneof({ weight: 3, arbitrary: fc.constant('enabled') }, fc.constantFrom(...TAG_VALUES)),
          'simian:gorilla': fc.constantFrom(...TAG_VALUES),
          team: fc.constant('web'),
        },
        { requiredKeys: [] },
      ),
      members: fc.array(memberArb, { maxLength: 8 }),
      desiredDelta: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.constantFrom(-1, 1) },
      ),
      deleting: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    })
    .map(({ tags, members, desiredDelta, deleting }): Group => {
      const built = members.map((m, index) => member(`i-${name}-${index}`, m.lifecycleState, m.healthStatus));
      return group(name, built, {
        tags,
        desired: Math.max(0, built.length + desiredDelta),
        status: deleting ? 'Delete in progress' : undefined,
      });
    });

const fleetArb = fc.subarray(NAMES, { minLength: 1 }).chain((names) => fc.tuple(...names.map(groupArb)));

/** A count cap: 0 (nothing allowed) now and then, mostly a small positive limit. */
const limit = (max: number) =>
  fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max }) }, { weight: 1, arbitrary: fc.constant(0) });

const capsArb: fc.Arbitrary<Caps> = fc.record(
  {
    maxPerRun: limit(12),
    maxPerGroup: limit(5),
    maxPercentPerGroup: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 25, max: 100 }) },
      fc.integer({ min: 0, max: 24 }),
    ),
    minHealthy: fc.integer({ min: 0, max: 3 }),
    maxPerDayPerGroup: limit(5),
  },
  { requiredKeys: [] },
);

/** Candidate actions: (group index, member index) pairs; repeats model re-delivered jobs. */
const candidatesArb = fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 25 });

/** The world as a describe at action time would see it: the generated fleet. */
function lookupOf(groups: readonly Group[]): FreshLookup {
  return {
    async of(action: Action) {
      const found = groups.find((g) => g.name === action.group);
      return {
        ...(found ? { group: found } : {}),
        resource: { id: action.resource, type: 'instance', state: 'running', tags: {} },
      };
    },
  };
}

describe('opt-in and caps over random fleets', () => {
  it('never allow an action on a group that is not opted in, and never exceed a cap', async () => {
    let runsWithActions = 0;
    await fc.assert(
      fc.asyncProperty(fleetArb, capsArb, candidatesArb, async (groups, caps, picks) => {
        const lookup = lookupOf(groups);
        const run = runContext({ caps, dryRun: false });
        const chain = [optInGuard(lookup), capsGuard(lookup)];
        const allowed: Action[] = [];
        for (const [groupIndex, memberIndex] of picks) {
          const target = groups[groupIndex % groups.length] as Group;
          if (target.members.length === 0) continue;
          const resource = (target.members[memberIndex % target.members.length] as Group['members'][number]).id;
          const action = terminateAction(resource, target.name);
          const ok = (await checkActionGuards(chain, action, run)) === null;
          if (ok && !allowed.some((a) => a.resource === resource)) allowed.push(action);
        }

        if (allowed.length > 0) runsWithActions += 1;
        if (caps.maxPerRun !== undefined) expect(allowed.length).toBeLessThanOrEqual(caps.maxPerRun);
        for (const g of groups) {
          const hit = allowed.filter((a) => a.group === g.name);
          if (hit.length === 0) continue;
          const where = { account: MOTO_ACCOUNT, region: 'us-east-1' };
          expect(decideOptIn(g, identityOf('chaos'), undefined, where).eligible).toBe(true);
          expect(g.status).toBeUndefined();
          expect(g.members.every((m) => m.lifecycleState === 'InService' || m.lifecycleState === 'Standby')).toBe(true);
          if (caps.maxPerGroup !== undefined) expect(hit.length).toBeLessThanOrEqual(caps.maxPerGroup);
          if (caps.maxPerDayPerGroup !== undefined) expect(hit.length).toBeLessThanOrEqual(caps.maxPerDayPerGroup);
          if (caps.maxPercentPerGroup !== undefined) {
            expect(hit.length).toBeLessThanOrEqual(percentAllowance(caps.maxPercentPerGroup, g.desired));
          }
          if (caps.minHealthy !== undefined) {
            const killed = new Set(hit.map((a) => a.resource));
            const healthyLeft = g.members.filter(
              (m) => m.lifecycleState === 'InService' && m.healthStatus === 'Healthy' && !killed.has(m.id),
            ).length;
            expect(healthyLeft).toBeGreaterThanOrEqual(caps.minHealthy);
          }
        }
      }),
      { numRuns: 1000 },
    );
    // The property means something only if many random runs do act.
    expect(runsWithActions).toBeGreaterThan(150);
  });
});

/** The contract's opt-in, written out independently of decideOptIn: what a reviewer expects of any tag set. */
function expectedEligible(tags: Readonly<Record<string, string>>, monkey: string, canary: boolean): boolean {
  const values = Object.entries(tags)
    .filter(([key]) => [`simian:${monkey}`, 'simian:all'].includes(key.toLowerCase()))
    .map(([, value]) => value.trim().toLowerCase());
  if (values.some((value) => value === 'disabled' || value === 'false')) return false;
  if (values.some((value) => !['enabled', 'true'].includes(value))) return false; // unreadable: spared
  return !canary && values.length > 0;
}

/** A key in a random spelling: `Simian:Chaos`, `SIMIAN:ALL` ... */
const spelled = (key: string) =>
  fc
    .array(fc.boolean(), { minLength: key.length, maxLength: key.length })
    .map((upper) => [...key].map((char, index) => (upper[index] ? char.toUpperCase() : char)).join(''));

describe('opt-in over random tag spellings (blast radius)', () => {
  it('acts only on groups a reviewer would call opted in, whatever the case of keys and values', async () => {
    const tagsArb = fc
      .array(
        fc.tuple(
          fc.oneof(spelled('simian:chaos'), spelled('simian:all'), fc.constant('team')),
          fc.constantFrom('enabled', 'ENABLED', 'True', 'disabled', 'False', 'DISABLED', 'off', 'no', 'yes', ' '),
        ),
        { maxLength: 4 },
      )
      .map((entries) => Object.fromEntries(entries));
    let eligibleSeen = 0;
    await fc.assert(
      fc.asyncProperty(tagsArb, fc.boolean(), async (tags, canary) => {
        const name = canary ? 'web-prod-canary' : 'web-prod';
        const target = group(name, [member('i-1'), member('i-2'), member('i-3')], { tags });
        const run = runContext({ dryRun: false });
        const allowed =
          (await checkActionGuards([optInGuard(lookupOf([target]))], terminateAction('i-1', name), run)) === null;
        if (allowed) eligibleSeen += 1;
        expect(allowed).toBe(expectedEligible(tags, 'chaos', canary));
      }),
      { numRuns: 2000 },
    );
    expect(eligibleSeen).toBeGreaterThan(50);
  });
});
