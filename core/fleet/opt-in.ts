import type { ScheduleEntry } from '../config/schema.js';
import { actsOnGroups, type MonkeyIdentity } from '../plan/monkey-kind.js';
import type { Group } from './model.js';
import { isCanaryOrBaseline } from './naming.js';
import type { OptInDecision, OptInRules } from './opt-in-types.js';
import { describeSelector, type Location, namesExactly, selectorMatches } from './selectors.js';

export const DEFAULT_TAG_PREFIX = 'simian';

/** An opt-in tag as found on a resource: its key, the value as written, and what that value means. */
export interface OptInTag {
  readonly key: string;
  readonly raw: string;
  readonly meaning: 'enabled' | 'disabled' | 'unrecognised';
}

/** The values the contract reads (case-insensitive); anything else is unreadable and spares the group. */
export const OPT_IN_VALUES = 'enabled, disabled, true or false';

function meaningOf(raw: string): OptInTag['meaning'] {
  const value = raw.trim().toLowerCase();
  if (value === 'enabled' || value === 'true') return 'enabled';
  if (value === 'disabled' || value === 'false') return 'disabled';
  return 'unrecognised';
}

/**
 * Every tag whose key is `key` in any case (`Simian:Gorilla`, `SIMIAN:ALL`): AWS tag keys are case-sensitive, so a
 * group may carry several spellings, and each one counts. Values are case-insensitive; true/false mean
 * enabled/disabled.
 */
export function readOptInTags(tags: Readonly<Record<string, string>>, key: string): OptInTag[] {
  const wanted = key.toLowerCase();
  return Object.entries(tags)
    .filter(([candidate]) => candidate.toLowerCase() === wanted)
    .map(([candidate, raw]) => ({ key: candidate, raw, meaning: meaningOf(raw) }));
}

/** The first tag spelled `key` in any case; see readOptInTags for a group that carries several spellings. */
export function readOptInTag(tags: Readonly<Record<string, string>>, key: string): OptInTag | undefined {
  const exact = tags[key];
  if (exact !== undefined) return { key, raw: exact, meaning: meaningOf(exact) };
  return readOptInTags(tags, key)[0];
}

/**
 * Why these opt-in tags keep a resource out, else null: an opt-out on any of them wins; then an unreadable value
 * (`off`, `no`: maybe someone's opt-out) spares it too. Group monkeys and Janitor read tags through this one rule.
 */
export function spareReason(tags: readonly OptInTag[]): string | null {
  const optOut = tags.find((tag) => tag.meaning === 'disabled');
  if (optOut) return `opted out by ${optOut.key}=${optOut.raw}`;
  const unreadable = tags.find((tag) => tag.meaning === 'unrecognised');
  if (unreadable) return `unreadable value ${unreadable.key}=${unreadable.raw} (expected ${OPT_IN_VALUES})`;
  return null;
}

/**
 * The same rule for one resource read under `keys` (Janitor: its own key and `<prefix>:all`): `<id> is opted out by
 * k=v`, or `<id> has an unreadable value k=v (expected …), which spares it`; null when neither.
 */
export function resourceSpareReason(id: string, tags: Readonly<Record<string, string>>, keys: readonly string[]) {
  const reason = spareReason(keys.flatMap((key) => readOptInTags(tags, key)));
  if (!reason) return null;
  return reason.startsWith('opted out') ? `${id} is ${reason}` : `${id} has an ${reason}, which spares it`;
}

/** Builds the YAML side of opt-in from a schedule entry (and where it was written, for reasons). */
export function optInRulesFrom(
  entry: Partial<Pick<ScheduleEntry, 'select' | 'exclude' | 'requireTag'>>,
  file?: string,
  excludeLines?: readonly number[],
): OptInRules {
  return {
    select: entry.select ?? [],
    exclude: entry.exclude ?? [],
    requireTag: entry.requireTag ?? true,
    ...(file !== undefined ? { file } : {}),
    ...(excludeLines !== undefined ? { excludeLines } : {}),
  };
}

function excludeRuleName(rules: OptInRules, index: number): string {
  const line = rules.excludeLines?.[index];
  const place = rules.file ? ` in ${rules.file}${line !== undefined ? `:${line}` : ''}` : '';
  return `rule ${index + 1}${place}`;
}

/**
 * Whether a group takes part in one monkey, and why. The order is the contract's: opt-out tags win over
 * everything; an unreadable value on either key (`off`, `no`: maybe someone's opt-out) spares the group; then YAML
 * exclusions, then YAML selection; canary/baseline groups need a rule naming them; a fault monkey then needs
 * `<prefix>:<monkey>` or `<prefix>:all` enabled unless the rule sets requireTag: false. Tag keys match in any case.
 * A janitor-kind monkey reads only its own key; report monkeys look at every group that is not opted out.
 */
export function decideOptIn(
  group: Group,
  monkey: MonkeyIdentity,
  rules: OptInRules | undefined,
  where: Location,
  tagPrefix: string = DEFAULT_TAG_PREFIX,
): OptInDecision {
  const decide = (eligible: boolean, reason: string): OptInDecision => ({
    group: group.name,
    monkey: monkey.name,
    eligible,
    reason,
  });
  const ownKey = `${tagPrefix}:${monkey.name}`;
  // Own key first, so a reason names it when both keys say the same.
  const tags = readOptInTags(group.tags, ownKey);
  if (monkey.kind !== 'janitor') tags.push(...readOptInTags(group.tags, `${tagPrefix}:all`));

  // An unreadable value may be someone's attempt to opt out ("off", "no"): it spares the group, whatever else says.
  const spared = spareReason(tags);
  if (spared) return decide(false, spared);

  const exclusions = rules?.exclude ?? [];
  const excludedAt = exclusions.findIndex((rule) => selectorMatches(rule, group, where));
  if (rules && excludedAt >= 0) {
    const why = exclusions[excludedAt]?.reason;
    return decide(false, `excluded by ${excludeRuleName(rules, excludedAt)}${why ? ` (${why})` : ''}`);
  }

  const selectors = rules?.select ?? [];
  if (selectors.length > 0 && !selectors.some((selector) => selectorMatches(selector, group, where))) {
    const source = rules?.file ?? 'the schedule';
    return decide(false, `not selected by ${source} (${selectors.map(describeSelector).join(' or ')})`);
  }

  if (monkey.kind === 'janitor') return decide(true, `no ${ownKey}=disabled tag`);
  if (!actsOnGroups(monkey.kind)) {
    return decide(true, `${monkey.name} only reports: every group not opted out takes part`);
  }

  if (isCanaryOrBaseline(group.naming) && !selectors.some((selector) => namesExactly(selector, group))) {
    return decide(false, `${group.name} is a canary/baseline group: only a rule naming it exactly can opt it in`);
  }

  const optIn = tags.find((tag) => tag.meaning === 'enabled');
  if (optIn) return decide(true, `opted in by tag ${optIn.key}=${optIn.raw}`);

  if (rules && !rules.requireTag) {
    return decide(true, `opted in by ${rules.file ?? 'the schedule'} without a tag (requireTag: false)`);
  }
  return decide(false, `no ${ownKey} tag`);
}
