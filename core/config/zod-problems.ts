import type { z } from 'zod';
import type { ConfigProblem } from './config-error.js';
import { isIntegerSchema, objectKeys, schemaAt } from './schema-walk.js';
import type { PositionedYaml } from './yaml-positions.js';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export function dotted(path: Path): string {
  return path.map(String).join('.');
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value}"`;
  return `${typeof value} ${String(value)}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** "did you mean "armed"?" when a known key is close to the unknown one. */
export function suggestion(unknown: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(unknown, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best && bestDistance <= Math.max(2, Math.floor(unknown.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

/** A union failed: report the branch that got furthest (e.g. a duration text that does not parse). */
function flattenUnion(issue: Issue & { code: 'invalid_union' }): Issue[] | undefined {
  const branches = (issue.errors ?? []) as Issue[][];
  const meaningful = branches.find((branch) =>
    branch.some((inner) => inner.code !== 'invalid_type' || inner.path.length > 0),
  );
  if (!meaningful) return undefined;
  return meaningful.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as Issue);
}

/** Zod's own wording ("Invalid input: ..."); anything else is a message the schema wrote for users. */
function isGenericMessage(message: string): boolean {
  return /^(Invalid|Too (small|big)|Unrecognized)/.test(message);
}

type Bound = Issue & { code: 'too_small' | 'too_big' };

/**
 * "must be at least 1" for `int().positive()` given 0: an exclusive bound (positive, lt) is said as the inclusive
 * one when the value must be whole, else as "more than" / "less than"; lists count items, texts characters.
 */
function describeBound(issue: Bound, leaf: z.ZodType | undefined): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
  const inclusive = issue.inclusive !== false;
  const got = describeValue(issue.input);
  if (issue.origin === 'array' || issue.origin === 'set') {
    if (small && limit === 1) return 'must list at least one item';
    const count = Array.isArray(issue.input) ? `, got ${issue.input.length}` : '';
    return `must list at ${small ? 'least' : 'most'} ${limit} item${limit === 1 ? '' : 's'}${count}`;
  }
  if (issue.origin === 'string') return `must be at ${small ? 'least' : 'most'} ${limit} characters long`;
  if (inclusive) return `must be at ${small ? 'least' : 'most'} ${limit}, got ${got}`;
  if (isIntegerSchema(leaf)) {
    const whole = small ? Math.floor(limit) + 1 : Math.ceil(limit) - 1;
    return `must be at ${small ? 'least' : 'most'} ${whole}, got ${got}`;
  }
  return `must be ${small ? 'more' : 'less'} than ${limit}, got ${got}`;
}

/** One sentence for one issue, naming what was expected and what was found; `leaf` is the schema at its path. */
export function describeIssue(issue: Issue, leaf?: z.ZodType): string {
  if (!isGenericMessage(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      // YAML reads an unquoted 123456789012 or 09:00 as a number: the fix is quotes.
      const hint = issue.expected === 'string' && typeof issue.input === 'number' ? ' (put it in quotes)' : '';
      return `expected ${issue.expected}, got ${describeValue(issue.input)}${hint}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${describeValue(issue.input)}`;
    case 'invalid_union': {
      const expected = ((issue.errors ?? []) as Issue[][])
        .map((branch) => (branch[0]?.code === 'invalid_type' ? branch[0].expected : undefined))
        .filter(Boolean);
      return `expected ${expected.join(' or ') || 'another value'}, got ${describeValue(issue.input)}`;
    }
    case 'too_small':
    case 'too_big':
      return describeBound(issue, leaf);
    case 'invalid_format': {
      const pattern = 'pattern' in issue && issue.pattern ? `text matching ${issue.pattern}` : issue.format;
      return `expected ${issue.format === 'url' ? 'a URL' : pattern}, got ${describeValue(issue.input)}`;
    }
    default:
      return issue.message;
  }
}

/**
 * Turns zod issues into located problems: a wrong value points at the value, an unknown key at the key, a missing
 * required key at the mapping that lacks it.
 */
export function issuesToProblems(issues: readonly Issue[], yaml: PositionedYaml, schema: z.ZodType): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const raw of issues) {
    const flattened = raw.code === 'invalid_union' ? flattenUnion(raw) : undefined;
    for (const issue of flattened ?? [raw]) {
      if (issue.code === 'unrecognized_keys') {
        const parent = schemaAt(schema, issue.path);
        const known = (parent && objectKeys(parent)) ?? [];
        for (const key of issue.keys) {
          const path = [...issue.path, key];
          problems.push({
            file: yaml.file,
            ...yaml.locate(path, { key: true }),
            path: dotted(path),
            message: `${dotted(path)}: unknown key "${key}"${suggestion(key, known)}`,
          });
        }
        continue;
      }
      const path = issue.path;
      const missing = issue.code === 'invalid_type' && issue.input === undefined && !yaml.has(path);
      const where = dotted(path) || '(top level)';
      problems.push({
        file: yaml.file,
        ...yaml.locate(path),
        path: dotted(path),
        message: missing
          ? `${dotted(path.slice(0, -1)) || '(top level)'}: missing required key "${String(path.at(-1))}"`
          : `${where}: ${describeIssue(issue, schemaAt(schema, path))}`,
      });
    }
  }
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}
