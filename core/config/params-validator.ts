import type { Monkey } from '../../monkeys/monkey.js';
import type { ParamsValidator } from './load.js';
import { describeIssue, dotted } from './zod-problems.js';

/** A ParamsValidator that checks each schedule's params with its monkey's own schema. */
export function paramsValidatorFor(monkeys: readonly Pick<Monkey, 'name' | 'params'>[]): ParamsValidator {
  return (name, params) => {
    const monkey = monkeys.find((candidate) => candidate.name === name);
    if (!monkey) return [];
    const result = monkey.params.safeParse(params, { reportInput: true });
    if (result.success) return [];
    return result.error.issues.map((issue) => {
      const where = dotted(issue.path);
      return where ? `${where}: ${describeIssue(issue)}` : describeIssue(issue);
    });
  };
}
