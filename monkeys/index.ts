import type { MonkeyName } from '../core/config/schema.js';
import { InputError } from '../core/errors.js';
import { describeIssues } from '../core/run/params.js';
import { chaos } from './chaos.js';
import { gorilla } from './gorilla.js';
import { kong } from './kong.js';
import type { Monkey } from './monkey.js';

/** Every monkey simian can run, by name: the CLI, the scheduler, the fleet workers and the docs read this. */
export const monkeys: Readonly<Partial<Record<MonkeyName, Monkey<never, never>>>> = {
  chaos: chaos as Monkey<never, never>,
  gorilla: gorilla as Monkey<never, never>,
  kong: kong as Monkey<never, never>,
};

/** The monkey of one name; an unknown (or not yet built) name fails with the list of valid ones. */
export function getMonkey(name: string): Monkey<unknown, unknown> {
  const monkey = monkeys[name as MonkeyName];
  if (!monkey) {
    throw new InputError(`unknown monkey "${name}" (valid monkeys: ${Object.keys(monkeys).sort().join(', ')})`);
  }
  return monkey as unknown as Monkey<unknown, unknown>;
}

/** Checks a schedule entry's params with the monkey's own schema (config loading's ParamsValidator). */
export function monkeyParamsProblems(name: MonkeyName, params: Record<string, unknown>): string[] {
  const monkey = monkeys[name];
  if (!monkey) return [];
  const parsed = (monkey.params as Monkey<unknown>['params']).safeParse(params);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => describeIssues([issue]));
}
