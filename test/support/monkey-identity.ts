import type { MonkeyIdentity, MonkeyKind } from '../../core/plan/monkey-kind.js';

/** The ten monkeys of the army and their kinds, as opt-in tests see them (some are not built yet). */
const KINDS: Readonly<Record<string, MonkeyKind>> = {
  chaos: 'fault',
  gorilla: 'fault',
  kong: 'fault',
  latency: 'fault',
  doctor: 'fault',
  circus: 'fault',
  janitor: 'janitor',
  conformity: 'report',
  security: 'report',
  howler: 'report',
};

export const TEN_MONKEYS: readonly string[] = Object.keys(KINDS);

/** A monkey's name and kind, for the pure opt-in and guard tests. */
export function identityOf(name: string): MonkeyIdentity {
  const kind = KINDS[name];
  if (!kind) throw new Error(`no kind known for monkey "${name}"`);
  return { name, kind };
}
