import type { RealAccount } from '../aws/real-account.js';
import { allowedAccounts } from '../config/reach-warnings.js';
import { RefusedError } from '../errors.js';
import { ALLOW, type RunContext, type RunGuard, refusal, type Verdict } from './guard.js';

function refuse(reason: string): Verdict {
  return refusal('account', reason);
}

/**
 * Why the credentials act in another account than the one config names for the region (null when they do not, or
 * when config names none): a forgotten AWS_PROFILE, or a roleArn of another account.
 */
export function accountMismatch(account: Pick<RealAccount, 'id' | 'configured'>): string | null {
  if (account.configured === undefined || account.configured === account.id) return null;
  return `the credentials act in account ${account.id}, not in the configured account ${account.configured} (check AWS_PROFILE / the AWS credentials, or the account's roleArn)`;
}

/** For commands that read before any guard runs (inventory, the daily plan): a mismatch refuses them (exit 3). */
export function assertConfiguredAccount(account: Pick<RealAccount, 'id' | 'configured'>): void {
  const mismatch = accountMismatch(account);
  if (mismatch) throw new RefusedError('account', `refused by account: ${mismatch}; nothing was read`);
}

/** Every alias the run's account goes by: the one IAM answers, and the one written in config for it. */
function aliasesOf(run: RunContext): string[] {
  const written = run.config.accounts.find((account) => account.id === run.account.id)?.alias;
  return [...new Set([run.account.alias, written].filter((alias): alias is string => alias !== undefined))];
}

/** The first alias that matches a deny pattern without being allowed by name, with that pattern. */
function deniedAlias(run: RunContext): { alias: string; pattern: string } | undefined {
  const { allowlist } = run.config;
  for (const alias of aliasesOf(run)) {
    const lower = alias.toLowerCase();
    const pattern = allowlist.denyAliasPatterns.find((deny) => lower.includes(deny.toLowerCase()));
    if (pattern === undefined) continue;
    if (allowlist.allowAliases.some((allowedAlias) => allowedAlias.toLowerCase() === lower)) continue;
    return { alias, pattern };
  }
  return undefined;
}

/**
 * Acts only in the account the credentials really are in, when it is the one config names; only in accounts the
 * config allows (allowlist.accounts, else accounts[]); and never in one whose alias — as IAM answers it, or as
 * config writes it — looks like production (allowlist.denyAliasPatterns, case-insensitive substring) unless
 * allowlist.allowAliases names it. An alias that could not be read refuses armed runs (fail closed).
 */
export function accountVerdict(run: RunContext): Verdict {
  const { allowlist } = run.config;
  const id = run.account.id;
  const mismatch = accountMismatch(run.account);
  if (mismatch) return refuse(mismatch);
  const allowed = allowedAccounts(run.config);
  if (allowed.length === 0) {
    return refuse(`account ${id} is not allowed: no accounts are configured (list it under accounts or allowlist)`);
  }
  if (!allowed.includes(id)) {
    const where = allowlist.accounts.length > 0 ? 'allowlist.accounts' : 'accounts';
    return refuse(`account ${id} is not in ${where} (${allowed.join(', ')})`);
  }
  const denied = deniedAlias(run);
  if (denied) {
    return refuse(
      `account ${id} alias "${denied.alias}" matches the deny pattern "${denied.pattern}" (add it to allowlist.allowAliases to allow)`,
    );
  }
  if (run.account.aliasUnreadable !== undefined && !run.dryRun && allowlist.denyAliasPatterns.length > 0) {
    return refuse(
      `cannot read the alias of account ${id} to check allowlist.denyAliasPatterns (${run.account.aliasUnreadable}): an armed run is refused`,
    );
  }
  return ALLOW;
}

export const accountGuard: RunGuard = { name: 'account', check: async (run) => accountVerdict(run) };
