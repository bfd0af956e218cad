/**
 * Every name a guard goes by, as it appears in reports (`skipped[].guard`, `refused.guard`), events and metrics.
 * These names are public contract: scripts and dashboards match on them, so they never change.
 */

/** The checks of the chain itself (core/safety/chain.ts): asked of every fault and janitor run, in chain order. */
export const CHAIN_GUARD_NAMES = [
  'armed',
  'account',
  'redis',
  'concurrent-run',
  'region',
  'calendar',
  'stop-condition',
  'kill-switch',
  'opt-in',
  'caps',
  'at-once',
  'tracker',
  'reach',
] as const;

/** What monkeys spare (or refuse) while planning, for reasons of their own; `opt-in` and `caps` as above. */
export const PLAN_GUARD_NAMES = [
  'state',
  'eligibility',
  'config',
  'ssm',
  'exclude',
  'circus',
  'janitor',
  'doctor-caps',
  'doctor-cooldown',
  'doctor-quarantine',
  'gorilla-exclude',
  'gorilla-isolate',
  'kong-health',
] as const;

export type ChainGuardName = (typeof CHAIN_GUARD_NAMES)[number];
export type PlanGuardName = (typeof PLAN_GUARD_NAMES)[number];
export type GuardName = ChainGuardName | PlanGuardName;

export const GUARD_NAMES: readonly GuardName[] = [...CHAIN_GUARD_NAMES, ...PLAN_GUARD_NAMES];

export function isGuardName(name: string): name is GuardName {
  return (GUARD_NAMES as readonly string[]).includes(name);
}
