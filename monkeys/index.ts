import { effectsOfMonkey } from '../core/actuator/effect.js';
import { registerEffect } from '../core/actuator/registry.js';
import type { MonkeyCatalog, MonkeyName } from '../core/config/load.js';
import { InputError } from '../core/errors.js';
import type { Monkey } from '../core/run/monkey.js';
import { describeIssues } from '../core/run/params.js';
import { chaos } from './chaos.js';
import { circus } from './circus.js';
import { conformity } from './conformity.js';
import { doctor } from './doctor.js';
import { gorilla } from './gorilla.js';
import { howler } from './howler.js';
import { janitor } from './janitor.js';
import { kong } from './kong.js';
import { latency } from './latency.js';
import { security } from './security.js';

/**
 * Every monkey simian can run, by name: the one source of truth that config validation, the CLI (each monkey's
 * command), the scheduler, the fleet workers, `simian iam-policy`, the JSON Schemas, the inventory's opt-in columns
 * and the docs read. Adding a monkey is one folder in monkeys/ and one line here.
 */
const registry = new Map<MonkeyName, Monkey<unknown, unknown>>();

/**
 * Adds a monkey (tests register their own) and the effects it declares, so the actuator knows every action kind a
 * registered monkey performs. A second, different monkey under a name already taken is a bug.
 */
export function registerMonkey(monkey: Monkey<unknown, unknown>): void {
  const existing = registry.get(monkey.name);
  if (existing && existing !== monkey) throw new Error(`monkey "${monkey.name}" is registered twice`);
  for (const effect of effectsOfMonkey(monkey.effects ?? [])) registerEffect(effect);
  registry.set(monkey.name, monkey);
}

registerMonkey(chaos);
registerMonkey(conformity);
registerMonkey(gorilla);
registerMonkey(howler);
registerMonkey(janitor);
registerMonkey(kong);
registerMonkey(latency);
registerMonkey(circus);
registerMonkey(doctor);
registerMonkey(security);

/** Every registered monkey, sorted by name. */
export function allMonkeys(): Monkey<unknown, unknown>[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The monkey of one name; an unknown (or not yet built) name fails with the list of valid ones. */
export function getMonkey(name: string): Monkey<unknown, unknown> {
  const monkey = registry.get(name);
  if (!monkey) {
    throw new InputError(`unknown monkey "${name}" (valid monkeys: ${[...registry.keys()].sort().join(', ')})`);
  }
  return monkey;
}

/** Checks a schedule entry's params with the monkey's own schema. */
export function monkeyParamsProblems(name: MonkeyName, params: Record<string, unknown>): string[] {
  const monkey = registry.get(name);
  if (!monkey) return [`unknown monkey "${name}"`];
  const parsed = monkey.params.safeParse(params);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => describeIssues([issue]));
}

/** The registry as config loading sees it (names read at each load, so a test's monkey counts too). */
export const monkeyCatalog: MonkeyCatalog = {
  get names() {
    return [...registry.keys()];
  },
  paramsProblems: monkeyParamsProblems,
};
