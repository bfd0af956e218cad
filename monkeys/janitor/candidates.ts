import type { ResourceRecord } from '../../core/aws/resources/types.js';
import { compileGlob } from '../../core/config/glob.js';
import { DEFAULT_TAG_PREFIX, resourceSpareReason } from '../../core/fleet/opt-in.js';
import type { JanitorExclusion, JanitorParams } from './params.js';
import { getRule } from './rules/index.js';
import type { AnyRule } from './rules/rule.js';
import { JANITOR_KEY } from './tags.js';

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

/**
 * `simian:janitor` or `simian:all` (any case of key) as every monkey reads them: `disabled`/`false` opts out, and any
 * value that is not an opt-in (`off`, `no`, `keep`) spares the resource too. The reason, else null.
 */
export function janitorOptOut(record: Pick<ResourceRecord, 'id' | 'tags'>): string | null {
  return resourceSpareReason(record.id, record.tags, [JANITOR_KEY, `${DEFAULT_TAG_PREFIX}:all`]);
}

/** Why Janitor leaves this resource alone whatever the rules say (opt-out tag, allowlist, exclusions); else null. */
export function exclusionOf(record: ResourceRecord, params: JanitorParams): string | null {
  const optOut = janitorOptOut(record);
  if (optOut) return optOut;
  const allowed = matchesAny(params.allowlist, [record.id, record.name]);
  if (allowed) return `${record.id} is on the allowlist (${allowed})`;
  const excluded = excludedBy(params.exclude, record);
  return excluded ? `${record.id} is ${excluded}` : null;
}

/** The rule's own settings: enabled, N days, and whether its exclusions leave this resource out. */
export function ruleSettings(rule: AnyRule, params: JanitorParams) {
  const settings = params.rules[rule.id];
  return {
    enabled: settings?.enabled ?? rule.defaultEnabled ?? true,
    days: settings?.days ?? rule.defaultDays,
    excludes: (record: ResourceRecord) => excludedBy(settings?.exclude ?? [], record),
  };
}

/** The N days of a rule by id (the action-time check re-reads it from the action's params). */
export function ruleDays(ruleId: string, params: JanitorParams): number {
  return ruleSettings(getRule(ruleId), params).days;
}
