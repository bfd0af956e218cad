import { ALLOW, type RunContext, type RunGuard, type Verdict } from './guard.js';

function refuse(reason: string): Verdict {
  return { allow: false, guard: 'account', scope: 'run', reason };
}

/** The alias of the run's account: the one the run found, else the one written in config. */
function aliasOf(run: RunContext): string | undefined {
  return run.account.alias ?? run.config.accounts.find((account) => account.id === run.account.id)?.alias;
}

/**
 * Acts only in accounts the config names (allowlist.accounts, else accounts[]), and never in one whose alias looks
 * like production (allowlist.denyAliasPatterns, case-insensitive substring) unless allowlist.allowAliases names it.
 */
export function accountVerdict(run: RunContext): Verdict {
  const { allowlist, accounts } = run.config;
  const id = run.account.id;
  const allowed = allowlist.accounts.length > 0 ? allowlist.accounts : accounts.map((account) => account.id);
  if (allowed.length === 0) {
    return refuse(`account ${id} is not allowed: no accounts are configured (list it under accounts or allowlist)`);
  }
  if (!allowed.includes(id)) {
    const where = allowlist.accounts.length > 0 ? 'allowlist.accounts' : 'accounts';
    return refuse(`account ${id} is not in ${where} (${allowed.join(', ')})`);
  }
  const alias = aliasOf(run);
  if (alias === undefined) return ALLOW;
  const lower = alias.toLowerCase();
  const pattern = allowlist.denyAliasPatterns.find((deny) => lower.includes(deny.toLowerCase()));
  if (pattern === undefined) return ALLOW;
  if (allowlist.allowAliases.some((allowedAlias) => allowedAlias.toLowerCase() === lower)) return ALLOW;
  return refuse(
    `account ${id} alias "${alias}" matches the deny pattern "${pattern}" (add it to allowlist.allowAliases to allow)`,
  );
}

export const accountGuard: RunGuard = { name: 'account', check: async (run) => accountVerdict(run) };
