import { InputError } from '../errors.js';

/** One problem in the configuration, located where the user can fix it. */
export interface ConfigProblem {
  /** Display path of the file ("schedules/chaos.yaml"), or the variable/flag ("SIMIAN_HTTP_PORT", "--region"). */
  readonly file: string;
  /** 1-based; 0 when the problem is not in a file (environment variable, flag). */
  readonly line: number;
  readonly col: number;
  /** Dotted key path inside the document ("calendar.timezone", "schedules.0.cron"); "" for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** Where a problem is, the way editors and terminals link it: "file:line:col" (or just the variable name). */
export function formatLocation(problem: ConfigProblem): string {
  return problem.line > 0 ? `${problem.file}:${problem.line}:${problem.col}` : problem.file;
}

export function formatProblem(problem: ConfigProblem): string {
  return `${formatLocation(problem)}: ${problem.message}`;
}

/** Bad configuration (exit 2): nothing was done. Lists every problem, one per line. */
export class ConfigError extends InputError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(ConfigError.describe(problems));
  }

  private static describe(problems: readonly ConfigProblem[]): string {
    if (problems.length === 1) return `invalid configuration: ${formatProblem(problems[0] as ConfigProblem)}`;
    const lines = problems.map((problem) => `  ${formatProblem(problem)}`);
    return [`invalid configuration: ${problems.length} problems`, ...lines].join('\n');
  }
}
