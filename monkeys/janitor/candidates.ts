import type { ResourceRecord } from '../../core/aws/resources/types.js';
import { compileGlob } from '../../core/fleet/glob.js';
import type { JanitorExclusion, JanitorParams } from './params.js';
import { getRule } from './rules/index.js';
import type { AnyRule } from './rules/rule.js';
import { optOutOf } from './tags.js';

function matchesAny(globs: readonly string[], values: readonly (string | undefined)[]): string | undefined {
  return globs.find((glob) => {
    const pattern = compileGlob(glob);
    return values.some((value) => value !== undefined && pattern.test(value));
  });
}

function excludedBy(exclusions: readonly JanitorExclusion[], record: ResourceRecord): string | null {
  for (const exclusion of exclusions) {
    const name = matchesAny(exclusion.names, [record.id, record.name]);
    if (name) return `excluded by name ${name}`;
    const pairs = Object.entries(exclusion.tags);
    if (pairs.length > 0 && pairs.every(([key, value]) => matchesAny([value], [record.tags[key]]))) {
      return `excluded by tags ${pairs.map(([key, value]) => `${key}=${value}`).join(', ')}`;
    }
  }
  return null;
}

/** Why Janitor leaves this resource alone whatever the rules say (opt-out tag, allowlist, exclusions); else null. */
export function exclusionOf(record: ResourceRecord, params: JanitorParams): string | null {
  const optOut = optOutOf(record.tags);
  if (optOut) return `${record.id} is ${optOut}`;
  const allowed = matchesAny(params.allowlist, [record.id, record.name]);
  if (allowed) return `${record.id} is on the allowlist (${allowed})`;
  const excluded = excludedBy(params.exclude, record);
  return excluded ? `${record.id} is ${excluded}` : null;
}

/** The rule's own settings: enabled, N days, and whether its exclusions leave this resource out. */
export function ruleSettings(rule: AnyRule, params: JanitorParams) {
  const settings = params.rules[rule.id];
  return {
    enabled: settings?.enabled ?? true,
    days: settings?.days ?? rule.defaultDays,
    excludes: (record: ResourceRecord) => excludedBy(settings?.exclude ?? [], record),
  };
}

/** The N days of a rule by id (the action-time check re-reads it from the action's params). */
export function ruleDays(ruleId: string, params: JanitorParams): number {
  return ruleSettings(getRule(ruleId), params).days;
}
