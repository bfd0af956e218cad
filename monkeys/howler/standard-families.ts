/** The families quota L-1216C47A covers: Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances. */
const STANDARD_LETTERS = new Set(['a', 'c', 'd', 'h', 'i', 'm', 'r', 't', 'z']);

/** Families whose first letter is standard but that have On-Demand quotas of their own. */
const OWN_QUOTA_PREFIXES = ['dl', 'hpc', 'inf', 'mac', 'trn'];

/** Is this instance type (`m5.large`, `c7g.xlarge`) counted against the standard On-Demand vCPU quota? */
export function isStandardFamily(instanceType: string): boolean {
  const family = instanceType.split('.')[0]?.toLowerCase() ?? '';
  if (!STANDARD_LETTERS.has(family.charAt(0))) return false;
  return !OWN_QUOTA_PREFIXES.some((prefix) => family.startsWith(prefix));
}
