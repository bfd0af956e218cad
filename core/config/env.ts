import type { z } from 'zod';
import type { ConfigProblem } from './config-error.js';
import { globalConfigSchema } from './schema.js';
import { type Leaf, type LeafKind, scalarLeaves } from './schema-walk.js';
import type { PositionedYaml } from './yaml-positions.js';
import { dotted, issuesToProblems, suggestion } from './zod-problems.js';

/** `caps.maxPerRun` → `SIMIAN_CAPS_MAX_PER_RUN`. */
export function envName(path: readonly string[]): string {
  return `SIMIAN_${path.map((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_')}`;
}

export interface EnvLeaf extends Leaf {
  readonly variable: string;
}

/** Every global config leaf that an environment variable can set, derived from the schema. */
export const ENV_LEAVES: readonly EnvLeaf[] = scalarLeaves(globalConfigSchema).map((leaf) => ({
  ...leaf,
  variable: envName(leaf.path),
}));

/** Text from the environment (or a flag) as the value the schema expects; the schema then checks it. */
export function fromText(text: string, kind: LeafKind): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return true;
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      return trimmed;
    }
    case 'number':
      return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
    case 'duration':
      return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    case 'string-list':
      return trimmed === ''
        ? []
        : trimmed
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean);
    default:
      return text;
  }
}

export interface Override {
  readonly path: readonly string[];
  readonly value: unknown;
  /** "SIMIAN_HTTP_PORT" or "--region". */
  readonly origin: string;
}

/** Checks one override against its leaf schema, so a bad value is reported under the variable's name. */
export function checkOverride(leaf: Leaf, override: Override): ConfigProblem[] {
  const result = (leaf.schema as z.ZodType).safeParse(override.value, { reportInput: true });
  if (result.success) return [];
  const nowhere: PositionedYaml = {
    file: override.origin,
    data: undefined,
    problems: [],
    locate: () => ({ line: 0, col: 0 }),
    has: () => true,
  };
  return issuesToProblems(result.error.issues, nowhere, leaf.schema).map((problem) => ({
    ...problem,
    path: dotted(leaf.path),
    message: `${problem.message.replace(/^\(top level\): /, '')} (sets ${dotted(leaf.path)})`,
  }));
}

/** The SIMIAN_* overrides present in `env`, checked; bad values become problems naming the variable. */
export function readEnvOverrides(env: NodeJS.ProcessEnv): { overrides: Override[]; problems: ConfigProblem[] } {
  const overrides: Override[] = [];
  const problems: ConfigProblem[] = [];
  for (const leaf of ENV_LEAVES) {
    const text = env[leaf.variable];
    if (text === undefined) continue;
    const override = { path: leaf.path, value: fromText(text, leaf.kind), origin: leaf.variable };
    const found = checkOverride(leaf, override);
    if (found.length > 0) problems.push(...found);
    else overrides.push(override);
  }
  return { overrides, problems };
}

/** SIMIAN_* variables that are not config keys but are read elsewhere (logging, the sandbox peers). */
const PROCESS_VARIABLES = ['SIMIAN_LOG_LEVEL', 'SIMIAN_PYTHON'];

/**
 * SIMIAN_* variables that set nothing: a typo (SIMIAN_CAPS_MAX_PER_RUNS) would otherwise leave a default in place
 * without a word. Warnings, not errors, so a variable read by another tool never blocks a run.
 */
export function unknownEnvWarnings(env: NodeJS.ProcessEnv): string[] {
  const known = [...ENV_LEAVES.map((leaf) => leaf.variable), ...PROCESS_VARIABLES];
  return Object.keys(env)
    .filter((name) => name.startsWith('SIMIAN_') && !known.includes(name))
    .sort()
    .map((name) => `${name} is not a simian setting and is ignored${suggestion(name, known)}`);
}
