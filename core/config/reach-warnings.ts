import type { LoadedConfig } from './load.js';
import type { GlobalConfig } from './schema.js';

/** The accounts a run may act in: allowlist.accounts when given, else the ids listed under accounts. */
export function allowedAccounts(global: GlobalConfig): readonly string[] {
  return global.allowlist.accounts.length > 0 ? global.allowlist.accounts : global.accounts.map(({ id }) => id);
}

/**
 * The one sentence that says what to add when config lists no account at all: every run, dry runs included, would be
 * refused by the account guard, so a command can say so before it reads AWS. null when some account is allowed.
 */
export function noAccountSentence(global: GlobalConfig): string | null {
  if (allowedAccounts(global).length > 0) return null;
  return 'simian.yaml lists no account, so every run is refused: add yours under accounts (e.g. `accounts: [{ id: "123456789012", alias: sandbox }]`, the sandbox\'s account) or allowlist.accounts';
}

/** Regions a run may work in: the configured regions, narrowed by allowlist.regions when given. */
function reachableRegions(global: GlobalConfig): readonly string[] {
  const { regions, allowlist } = global;
  return allowlist.regions.length > 0 ? regions.filter((region) => allowlist.regions.includes(region)) : regions;
}

/**
 * What `simian validate` warns about in a config that loads but could not act anywhere (no account, no region the
 * allowlist lets through), or that reads as something it is not (`every` on a Chaos entry is only how
 * often its kills are planned, not how often it kills).
 */
export function reachWarnings(config: Pick<LoadedConfig, 'global' | 'schedules'>): string[] {
  const { global } = config;
  const warnings: string[] = [];
  const noAccount = noAccountSentence(global);
  if (noAccount) warnings.push(`this config can act nowhere: ${noAccount}`);
  if (reachableRegions(global).length === 0) {
    warnings.push(
      `this config can act nowhere: no region of regions (${global.regions.join(', ')}) is in allowlist.regions (${global.allowlist.regions.join(', ')})`,
    );
  }
  for (const entry of config.schedules) {
    if (entry.monkey === 'chaos' && entry.every !== undefined && entry.enabled) {
      warnings.push(
        `${entry.file}:${entry.line}: schedule ${entry.id}: "every" on a chaos entry only sets how often its kills are planned; when they happen follows the kill rate (meanTimeBetweenKillsDays or probability) inside the calendar window`,
      );
    }
  }
  return warnings;
}
