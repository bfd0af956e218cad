import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideOptIn, optInRulesFrom } from '../../core/fleet/opt-in.js';
import type { OptInRules } from '../../core/fleet/opt-in-types.js';
import { makeGroup } from '../support/fleet.js';
import { identityOf, TEN_MONKEYS } from '../support/monkey-identity.js';

const WHERE = { account: '123456789012', region: 'us-east-1' };
const FILE = 'schedules/chaos.yaml';

function decide(name: string, tags: Record<string, string>, monkey = 'gorilla', rules?: OptInRules, prefix?: string) {
  const { eligible, reason } = decideOptIn(makeGroup(name, tags), identityOf(monkey), rules, WHERE, prefix);
  return { eligible, reason };
}

describe('opt-in by tag (a destructive monkey, no YAML rules)', () => {
  it.each([
    [{}, false, 'no simian:gorilla tag'],
    [{ 'simian:gorilla': 'enabled' }, true, 'opted in by tag simian:gorilla=enabled'],
    [{ 'simian:all': 'enabled' }, true, 'opted in by tag simian:all=enabled'],
    [{ 'simian:gorilla': 'ENABLED' }, true, 'opted in by tag simian:gorilla=ENABLED'],
    [{ 'simian:gorilla': 'True' }, true, 'opted in by tag simian:gorilla=True'],
    [{ 'simian:all': 'true' }, true, 'opted in by tag simian:all=true'],
    [{ 'simian:gorilla': 'disabled' }, false, 'opted out by simian:gorilla=disabled'],
    [{ 'simian:gorilla': 'false' }, false, 'opted out by simian:gorilla=false'],
    [{ 'simian:all': 'DISABLED' }, false, 'opted out by simian:all=DISABLED'],
    [{ 'simian:all': 'enabled', 'simian:gorilla': 'disabled' }, false, 'opted out by simian:gorilla=disabled'],
    [{ 'simian:all': 'False', 'simian:gorilla': 'enabled' }, false, 'opted out by simian:all=False'],
    [{ 'simian:chaos': 'enabled' }, false, 'no simian:gorilla tag'],
    [
      { 'simian:gorilla': 'yes' },
      false,
      'unreadable value simian:gorilla=yes (expected enabled, disabled, true or false)',
    ],
    [{ 'Simian:Gorilla': 'enabled' }, true, 'opted in by tag Simian:Gorilla=enabled'],
  ])('tags %j → eligible %s (%s)', (tags, eligible, reason) => {
    expect(decide('web-prod', tags)).toEqual({ eligible, reason });
  });

  it('reads the tag prefix from config (tags.prefix)', () => {
    expect(decide('web-prod', { 'acme:all': 'enabled' }, 'chaos', undefined, 'acme')).toEqual({
      eligible: true,
      reason: 'opted in by tag acme:all=enabled',
    });
    expect(decide('web-prod', { 'simian:chaos': 'enabled' }, 'chaos', undefined, 'acme')).toEqual({
      eligible: false,
      reason: 'no acme:chaos tag',
    });
  });

  it('needs a tag for every fault monkey: chaos, gorilla, kong, latency, doctor, circus', () => {
    const faults = TEN_MONKEYS.filter((monkey) => identityOf(monkey).kind === 'fault');
    expect([...faults].sort()).toEqual(['chaos', 'circus', 'doctor', 'gorilla', 'kong', 'latency']);
    for (const monkey of faults) {
      expect(decide('web-prod', {}, monkey).eligible).toBe(false);
      expect(decide('web-prod', { 'simian:all': 'enabled' }, monkey).eligible).toBe(true);
    }
  });
});

describe('tag keys in any case, and values that cannot be read', () => {
  it.each([
    [{ 'Simian:Gorilla': 'disabled', 'simian:all': 'enabled' }, 'opted out by Simian:Gorilla=disabled'],
    [{ 'SIMIAN:ALL': 'DISABLED', 'simian:gorilla': 'enabled' }, 'opted out by SIMIAN:ALL=DISABLED'],
    [{ 'simian:GORILLA': 'False', 'Simian:All': 'true' }, 'opted out by simian:GORILLA=False'],
  ])('an opt-out key in another case still opts out: %j', (tags, reason) => {
    expect(decide('web-prod', tags)).toEqual({ eligible: false, reason });
  });

  it('reads an opt-in key in another case', () => {
    expect(decide('web-prod', { 'SIMIAN:ALL': 'enabled' })).toEqual({
      eligible: true,
      reason: 'opted in by tag SIMIAN:ALL=enabled',
    });
  });

  it('lets opt-out win when two keys differ only by case and disagree', () => {
    const conflicting: Record<string, string>[] = [
      { 'simian:gorilla': 'enabled', 'Simian:Gorilla': 'disabled' },
      { 'Simian:Gorilla': 'disabled', 'simian:gorilla': 'enabled' },
      { 'simian:all': 'true', 'SIMIAN:all': 'false' },
    ];
    for (const tags of conflicting) {
      const decision = decide('web-prod', tags);
      expect(decision.eligible).toBe(false);
      expect(decision.reason).toMatch(/^opted out by /);
    }
  });

  it('honours the configured prefix in any case, and only that prefix', () => {
    expect(decide('web-prod', { 'ACME:Chaos': 'disabled', 'acme:all': 'enabled' }, 'chaos', undefined, 'acme')).toEqual(
      { eligible: false, reason: 'opted out by ACME:Chaos=disabled' },
    );
    expect(decide('web-prod', { 'acme:all': 'enabled' }, 'chaos', undefined, 'Acme').eligible).toBe(true);
    expect(decide('web-prod', { 'Simian:All': 'enabled' }, 'chaos', undefined, 'acme').reason).toBe(
      'no acme:chaos tag',
    );
  });

  it.each([
    [{ 'simian:gorilla': 'off', 'simian:all': 'enabled' }, 'simian:gorilla=off'],
    [{ 'simian:gorilla': 'no', 'simian:all': 'true' }, 'simian:gorilla=no'],
    [{ 'simian:gorilla': 'enabled', 'simian:all': 'off' }, 'simian:all=off'],
    [{ 'Simian:Gorilla': 'yes', 'simian:all': 'enabled' }, 'Simian:Gorilla=yes'],
    [{ 'simian:gorilla': '', 'simian:all': 'enabled' }, 'simian:gorilla='],
  ])('an unreadable value on either key spares the group: %j', (tags, written) => {
    expect(decide('web-prod', tags)).toEqual({
      eligible: false,
      reason: `unreadable value ${written} (expected enabled, disabled, true or false)`,
    });
  });

  it('an opt-out beats an unreadable value on the other key', () => {
    expect(decide('web-prod', { 'simian:gorilla': 'off', 'simian:all': 'disabled' })).toEqual({
      eligible: false,
      reason: 'opted out by simian:all=disabled',
    });
  });

  it('spares the group for the Janitor on an unreadable simian:janitor value, and reads its key in any case', () => {
    expect(decide('web-prod', { 'simian:janitor': 'off' }, 'janitor')).toEqual({
      eligible: false,
      reason: 'unreadable value simian:janitor=off (expected enabled, disabled, true or false)',
    });
    expect(decide('web-prod', { 'Simian:Janitor': 'DISABLED' }, 'janitor')).toEqual({
      eligible: false,
      reason: 'opted out by Simian:Janitor=DISABLED',
    });
  });
});

describe('opt-in with YAML rules', () => {
  const webOnly = optInRulesFrom({ select: [{ names: ['web-*'] }] }, FILE);

  it('narrows the candidates: a tagged group outside the selection is not selected, naming the selector', () => {
    expect(decide('api-prod', { 'simian:all': 'enabled' }, 'chaos', webOnly)).toEqual({
      eligible: false,
      reason: 'not selected by schedules/chaos.yaml (names web-*)',
    });
    expect(decide('web-prod', { 'simian:all': 'enabled' }, 'chaos', webOnly).eligible).toBe(true);
  });

  it('still needs the tag when a rule selects a group (requireTag defaults to true)', () => {
    expect(decide('web-prod', {}, 'chaos', webOnly)).toEqual({ eligible: false, reason: 'no simian:chaos tag' });
  });

  it('widens to untagged groups only with requireTag: false, and says so', () => {
    const widen = optInRulesFrom({ select: [{ names: ['web-*'] }], requireTag: false }, FILE);
    expect(decide('web-prod', {}, 'chaos', widen)).toEqual({
      eligible: true,
      reason: 'opted in by schedules/chaos.yaml without a tag (requireTag: false)',
    });
  });

  it('lets opt-out win over a YAML include and over requireTag: false', () => {
    const widen = optInRulesFrom({ select: [{ names: ['web-prod'] }], requireTag: false }, FILE);
    expect(decide('web-prod', { 'simian:chaos': 'disabled' }, 'chaos', widen)).toEqual({
      eligible: false,
      reason: 'opted out by simian:chaos=disabled',
    });
    expect(decide('web-prod', { 'simian:all': 'false' }, 'chaos', webOnly)).toEqual({
      eligible: false,
      reason: 'opted out by simian:all=false',
    });
  });

  it('never acts on an unreadable tag value, even with requireTag: false', () => {
    const widen = optInRulesFrom({ requireTag: false }, FILE);
    expect(decide('web-prod', { 'simian:chaos': 'off' }, 'chaos', widen)).toEqual({
      eligible: false,
      reason: 'unreadable value simian:chaos=off (expected enabled, disabled, true or false)',
    });
  });

  it('lets exclusions win over tags and selection, citing the rule, file and line', () => {
    const rules = optInRulesFrom(
      {
        select: [{ names: ['*'] }],
        exclude: [{ names: ['db-*'] }, { tags: { team: 'pay*' }, reason: 'payments freeze' }],
      },
      FILE,
      [10, 12],
    );
    expect(decide('pay-prod', { 'simian:all': 'enabled', team: 'payments' }, 'chaos', rules)).toEqual({
      eligible: false,
      reason: 'excluded by rule 2 in schedules/chaos.yaml:12 (payments freeze)',
    });
    expect(decide('db-prod', { 'simian:all': 'enabled' }, 'chaos', rules).reason).toBe(
      'excluded by rule 1 in schedules/chaos.yaml:10',
    );
    expect(decide('web-prod', { 'simian:all': 'enabled' }, 'chaos', rules).eligible).toBe(true);
  });

  it('matches a name against the group and its cluster (a versioned group is named by its cluster)', () => {
    const rules = optInRulesFrom({ select: [{ names: ['web-prod-blue'] }] }, FILE);
    expect(decide('web-prod-blue-v042', { 'simian:all': 'enabled' }, 'chaos', rules).eligible).toBe(true);
    expect(decide('web-prod-green-v042', { 'simian:all': 'enabled' }, 'chaos', rules).eligible).toBe(false);
  });

  it('matches tag globs, accounts and regions (all criteria of one selector, any selector)', () => {
    const rules = optInRulesFrom(
      { select: [{ tags: { team: 'w*' }, regions: ['us-east-1'] }, { accounts: ['999999999999'] }] },
      FILE,
    );
    expect(decide('a-prod', { 'simian:all': 'enabled', team: 'web' }, 'chaos', rules).eligible).toBe(true);
    expect(decide('b-prod', { 'simian:all': 'enabled', team: 'api' }, 'chaos', rules)).toEqual({
      eligible: false,
      reason: 'not selected by schedules/chaos.yaml (tags team=w*; regions us-east-1 or accounts 999999999999)',
    });
    const otherRegion = optInRulesFrom({ select: [{ regions: ['eu-west-1'] }] }, FILE);
    expect(decide('a-prod', { 'simian:all': 'enabled' }, 'chaos', otherRegion).eligible).toBe(false);
  });

  it('builds rules from a schedule entry with requireTag true unless it says false', () => {
    expect(optInRulesFrom({})).toEqual({ select: [], exclude: [], requireTag: true });
    expect(optInRulesFrom({ requireTag: false }, FILE, [3])).toEqual({
      select: [],
      exclude: [],
      requireTag: false,
      file: FILE,
      excludeLines: [3],
    });
  });
});

describe('canary and baseline groups', () => {
  it.each(['web-prod-canary', 'web-prod-baseline', 'web-prod-canary-v003'])(
    '%s is never a chaos target through a tag or a glob',
    (name) => {
      const reason = `${name} is a canary/baseline group: only a rule naming it exactly can opt it in`;
      expect(decide(name, { 'simian:all': 'enabled' }, 'chaos')).toEqual({ eligible: false, reason });
      const glob = optInRulesFrom({ select: [{ names: ['web-*'] }], requireTag: false }, FILE);
      expect(decide(name, { 'simian:all': 'enabled' }, 'chaos', glob)).toEqual({ eligible: false, reason });
    },
  );

  it('takes part when a rule names it exactly, still with its tag, and still subject to opt-out', () => {
    const named = optInRulesFrom({ select: [{ names: ['web-prod-canary'] }] }, FILE);
    expect(decide('web-prod-canary', { 'simian:chaos': 'enabled' }, 'chaos', named)).toEqual({
      eligible: true,
      reason: 'opted in by tag simian:chaos=enabled',
    });
    expect(decide('web-prod-canary', {}, 'chaos', named).reason).toBe('no simian:chaos tag');
    expect(decide('web-prod-canary-v007', { 'simian:chaos': 'enabled' }, 'chaos', named).eligible).toBe(true);
    expect(decide('web-prod-canary', { 'simian:all': 'disabled' }, 'chaos', named).eligible).toBe(false);
  });
});

describe('monkeys that only report, and the Janitor', () => {
  it.each(['conformity', 'howler', 'security'] as const)('%s looks at every group not opted out', (monkey) => {
    expect(decide('web-prod', {}, monkey)).toEqual({
      eligible: true,
      reason: `${monkey} only reports: every group not opted out takes part`,
    });
    expect(decide('web-prod', { 'simian:all': 'disabled' }, monkey).eligible).toBe(false);
  });

  it('the Janitor reads only simian:janitor=disabled', () => {
    expect(decide('web-prod', { 'simian:all': 'disabled' }, 'janitor')).toEqual({
      eligible: true,
      reason: 'no simian:janitor=disabled tag',
    });
    expect(decide('web-prod', { 'simian:janitor': 'Disabled' }, 'janitor')).toEqual({
      eligible: false,
      reason: 'opted out by simian:janitor=Disabled',
    });
  });
});

describe('opt-out always wins (property)', () => {
  it('a disabled/false value on simian:<monkey> or simian:all (any case) excludes the group whatever else holds', () => {
    const offValue = fc.constantFrom('disabled', 'DISABLED', 'Disabled', 'false', 'FALSE', 'False');
    const anyValue = fc.constantFrom('enabled', 'true', 'ENABLED', 'disabled', 'maybe');
    const groupMonkeys = TEN_MONKEYS.filter((monkey) => monkey !== 'janitor');
    fc.assert(
      fc.property(
        fc.constantFrom(...groupMonkeys),
        fc.boolean(),
        offValue,
        anyValue,
        fc.boolean(),
        fc.constantFrom('web-prod', 'web-prod-canary', 'api-test'),
        (monkey, onOwnKey, off, other, requireTag, name) => {
          const tags = onOwnKey
            ? { [`simian:${monkey}`]: off, 'simian:all': other }
            : { 'simian:all': off, [`simian:${monkey}`]: other };
          const rules = optInRulesFrom({ select: [{ names: [name, '*'] }], requireTag }, FILE);
          const decision = decideOptIn(makeGroup(name, tags), identityOf(monkey), rules, WHERE);
          return !decision.eligible && decision.reason.startsWith('opted out by ');
        },
      ),
    );
  });

  it('holds whatever the case of the keys, with an opt-in spelled another way beside it', () => {
    const spell = (key: string, upper: readonly boolean[]) =>
      [...key].map((char, index) => (upper[index % upper.length] ? char.toUpperCase() : char)).join('');
    const groupMonkeys = TEN_MONKEYS.filter((monkey) => monkey !== 'janitor');
    fc.assert(
      fc.property(
        fc.constantFrom(...groupMonkeys),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('disabled', 'FALSE', 'Disabled'),
        (monkey, onOwnKey, upper, off) => {
          const [offKey, onKey] = onOwnKey ? [`simian:${monkey}`, 'simian:all'] : ['simian:all', `simian:${monkey}`];
          const tags = { [spell(offKey, upper)]: off, [spell(onKey, [true])]: 'enabled' };
          const decision = decideOptIn(makeGroup('web-prod', tags), identityOf(monkey), undefined, WHERE);
          return !decision.eligible && decision.reason.startsWith('opted out by ');
        },
      ),
    );
  });
});
