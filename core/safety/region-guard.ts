import { ALLOW, type RunContext, type RunGuard, refusal, type Verdict } from './guard.js';

/**
 * Acts only in allowed regions: allowlist.regions when given, else the configured regions; an account entry that
 * lists its own regions narrows that further.
 */
export function regionVerdict(run: RunContext): Verdict {
  const { allowlist, regions, accounts } = run.config;
  const allowed = allowlist.regions.length > 0 ? allowlist.regions : regions;
  const where = allowlist.regions.length > 0 ? 'allowlist.regions' : 'regions';
  if (!allowed.includes(run.region)) {
    return refusal('region', `region ${run.region} is not in ${where} (${allowed.join(', ')})`);
  }
  const accountRegions = accounts.find((account) => account.id === run.account.id)?.regions;
  if (accountRegions && !accountRegions.includes(run.region)) {
    return refusal(
      'region',
      `region ${run.region} is not among account ${run.account.id}'s regions (${accountRegions.join(', ')})`,
    );
  }
  return ALLOW;
}

export const regionGuard: RunGuard = { name: 'region', check: async (run) => regionVerdict(run) };
