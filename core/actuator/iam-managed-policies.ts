import type { Effect } from './effect.js';
import {
  type IamPolicyOptions,
  MANAGED_POLICY_LIMIT,
  monkeyStatements,
  type PolicyDocument,
  type PolicyStatement,
  policySize,
  readStatements,
} from './iam-policy.js';
import { allEffects } from './registry.js';

/** One customer managed policy: its name and its document, within MANAGED_POLICY_LIMIT. */
export interface ManagedPolicy {
  readonly PolicyName: string;
  readonly PolicyDocument: PolicyDocument;
}

const documentOf = (statements: PolicyStatement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});

/**
 * simian's policy as managed policies that each fit (6,144 characters): the shared reads, then every monkey's
 * statements, in order, a new policy begun whenever the next statement would not fit. Each is named after what it
 * holds (`simian-read-chaos`, `simian-chaos-2`, ...). A statement that alone is over the limit is a bug: it fails.
 */
export function managedPolicies(
  effects: readonly Effect[] = allEffects(),
  options: IamPolicyOptions = {},
): ManagedPolicy[] {
  const labelled: { label: string; statement: PolicyStatement }[] = [
    ...readStatements(effects, options).map((statement) => ({ label: 'read', statement })),
    ...(options.monkeys ?? []).flatMap((monkey) =>
      monkeyStatements(monkey, effects, options).map((statement) => ({ label: monkey.name, statement })),
    ),
  ];
  const packs: { labels: string[]; statements: PolicyStatement[] }[] = [];
  for (const { label, statement } of labelled) {
    if (policySize(documentOf([statement])) > MANAGED_POLICY_LIMIT) {
      throw new Error(
        `statement ${statement.Sid} alone is over the ${MANAGED_POLICY_LIMIT} characters of a managed policy`,
      );
    }
    const last = packs.at(-1);
    if (last && policySize(documentOf([...last.statements, statement])) <= MANAGED_POLICY_LIMIT) {
      last.statements.push(statement);
      if (!last.labels.includes(label)) last.labels.push(label);
    } else {
      packs.push({ labels: [label], statements: [statement] });
    }
  }
  const names = new Map<string, number>();
  return packs.map(({ labels, statements }) => {
    const base = `simian-${labels.join('-')}`.slice(0, 120);
    const seen = (names.get(base) ?? 0) + 1;
    names.set(base, seen);
    return { PolicyName: seen === 1 ? base : `${base}-${seen}`, PolicyDocument: documentOf(statements) };
  });
}
