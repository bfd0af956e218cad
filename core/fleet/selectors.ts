import { compileGlob } from '../config/glob.js';
import type { Selector } from '../config/schema.js';
import type { Group } from './model.js';

/** Where a group lives, for the accounts/regions parts of a selector. */
export interface Location {
  readonly account: string;
  readonly region: string;
}

const globCache = new Map<string, RegExp>();

/**
 * A selector glob (see glob.ts: `*`, `?`, `[a-z]`) as an anchored, case-sensitive RegExp. Config loading refuses a
 * malformed glob with its location; one that reaches here anyway throws rather than match anything.
 */
export function globToRegExp(glob: string): RegExp {
  let cached = globCache.get(glob);
  if (!cached) {
    cached = compileGlob(glob);
    globCache.set(glob, cached);
  }
  return cached;
}

export function matchesGlob(text: string, glob: string): boolean {
  return globToRegExp(glob).test(text);
}

/** Every tag of `wanted` is present on `tags`, its value matching the wanted glob. */
export function matchesTags(tags: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([key, glob]) => {
    const value = tags[key];
    return value !== undefined && matchesGlob(value, glob);
  });
}

/** A selector matches when every criterion it sets matches (an empty selector matches everything). */
export function selectorMatches(selector: Selector, group: Group, where: Location): boolean {
  // A name may be the group's or its cluster's (web-prod-blue names web-prod-blue-v042 too).
  const names = [group.name, group.naming.cluster];
  if (selector.names && !selector.names.some((glob) => names.some((name) => matchesGlob(name, glob)))) return false;
  if (selector.tags && !matchesTags(group.tags, selector.tags)) return false;
  if (selector.accounts && !selector.accounts.includes(where.account)) return false;
  if (selector.regions && !selector.regions.includes(where.region)) return false;
  return true;
}

/** True when the selector names this group (or its cluster) literally, not through a glob. */
export function namesExactly(selector: Selector, group: Group): boolean {
  return selector.names?.some((name) => name === group.name || name === group.naming.cluster) ?? false;
}

/** A selector in words: "names web-*, tags team=core, regions us-east-1". */
export function describeSelector(selector: Selector): string {
  const parts: string[] = [];
  if (selector.names) parts.push(`names ${selector.names.join(', ')}`);
  if (selector.tags) {
    parts.push(
      `tags ${Object.entries(selector.tags)
        .map(([key, value]) => `${key}=${value}`)
        .join(', ')}`,
    );
  }
  if (selector.accounts) parts.push(`accounts ${selector.accounts.join(', ')}`);
  if (selector.regions) parts.push(`regions ${selector.regions.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'everything';
}
