import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigProblem } from './config-error.js';
import { readYaml } from './read-yaml.js';
import { type MonkeyName, type ScheduleEntry, scheduleEntrySchema, scheduleFileSchema } from './schema.js';
import type { PositionedYaml } from './yaml-positions.js';
import { dotted, issuesToProblems } from './zod-problems.js';

/** A schedule entry and where it was written, so reasons can cite "schedules/chaos.yaml:12". */
export type LoadedSchedule = ScheduleEntry & {
  /** Display path of the file that defines it. */
  readonly file: string;
  /** Line of the entry itself. */
  readonly line: number;
  /** Line of each exclude rule, same index as `exclude`. */
  readonly excludeLines: readonly number[];
  /** Line of each select rule, same index as `select`. */
  readonly selectLines: readonly number[];
};

/**
 * The monkeys that exist, as config loading sees them: handed in by the entry points from the registry
 * (monkeys/index.ts), so that core/config names no monkey. An unknown name is reported at the entry's `monkey`,
 * each parameter problem at its `params`.
 */
export interface MonkeyCatalog {
  /** Every monkey name that may be scheduled. */
  readonly names: readonly MonkeyName[];
  /** Problems with a known monkey's parameters, one message each (none: the params are valid). */
  paramsProblems(monkey: MonkeyName, params: Record<string, unknown>): string[];
}

/** Whether a YAML file is a schedule file (a top-level `schedules:` key) rather than a global config. */
export function isScheduleFile(yaml: PositionedYaml): boolean {
  const data = yaml.data;
  return data !== null && typeof data === 'object' && !Array.isArray(data) && 'schedules' in data;
}

interface ScheduleFileResult {
  schedules: LoadedSchedule[];
  problems: ConfigProblem[];
}

function checkMonkeys(yaml: PositionedYaml, monkeys: MonkeyCatalog | undefined): ConfigProblem[] {
  const entries = (yaml.data as { schedules?: unknown }).schedules;
  if (!monkeys || !Array.isArray(entries)) return [];
  return entries.flatMap((raw, index) => {
    const entry = scheduleEntrySchema.safeParse(raw);
    if (!entry.success) return [];
    if (!monkeys.names.includes(entry.data.monkey)) {
      const at = ['schedules', index, 'monkey'];
      return [
        {
          file: yaml.file,
          ...yaml.locate(at),
          path: dotted(at),
          message: `${dotted(at)}: unknown monkey "${entry.data.monkey}" (valid monkeys: ${[...monkeys.names].sort().join(', ')})`,
        },
      ];
    }
    const path = ['schedules', index, 'params'];
    return monkeys.paramsProblems(entry.data.monkey, entry.data.params).map((message) => ({
      file: yaml.file,
      ...yaml.locate(path),
      path: dotted(path),
      message: `${dotted(path)}: ${message} (monkey ${entry.data.monkey})`,
    }));
  });
}

function readScheduleYaml(yaml: PositionedYaml, monkeys?: MonkeyCatalog): ScheduleFileResult {
  if (yaml.problems.length > 0) return { schedules: [], problems: yaml.problems };
  const result = scheduleFileSchema.safeParse(yaml.data, { reportInput: true });
  const problems = result.success ? [] : issuesToProblems(result.error.issues, yaml, scheduleFileSchema);
  problems.push(...checkMonkeys(yaml, monkeys));
  if (!result.success || problems.length > 0) return { schedules: [], problems };
  const schedules = result.data.schedules.map((entry, index) => ({
    ...entry,
    file: yaml.file,
    line: yaml.locate(['schedules', index]).line,
    excludeLines: entry.exclude.map((_, rule) => yaml.locate(['schedules', index, 'exclude', rule]).line),
    selectLines: entry.select.map((_, rule) => yaml.locate(['schedules', index, 'select', rule]).line),
  }));
  return { schedules, problems };
}

/** Schedule ids are job scheduler ids: one id must mean one schedule across every file. */
function duplicateIds(schedules: readonly LoadedSchedule[], yamls: readonly PositionedYaml[]): ConfigProblem[] {
  const first = new Map<string, LoadedSchedule>();
  const problems: ConfigProblem[] = [];
  for (const schedule of schedules) {
    const earlier = first.get(schedule.id);
    if (!earlier) {
      first.set(schedule.id, schedule);
      continue;
    }
    const yaml = yamls.find((candidate) => candidate.file === schedule.file);
    const index = schedules.filter((other) => other.file === schedule.file).indexOf(schedule);
    const path = ['schedules', index, 'id'];
    const at = yaml?.locate(path) ?? { line: schedule.line, col: 1 };
    problems.push({
      file: schedule.file,
      ...at,
      path: dotted(path),
      message: `${dotted(path)}: duplicate schedule id "${schedule.id}" (first defined at ${earlier.file}:${earlier.line})`,
    });
  }
  return problems;
}

/** Reads and checks schedule files together (ids must be unique across them). */
export function loadScheduleFiles(
  paths: readonly string[],
  options: { cwd?: string; monkeys?: MonkeyCatalog } = {},
): ScheduleFileResult {
  const cwd = options.cwd ?? process.cwd();
  const schedules: LoadedSchedule[] = [];
  const problems: ConfigProblem[] = [];
  const yamls: PositionedYaml[] = [];
  for (const path of paths) {
    const read = readYaml(path, cwd);
    if (!('data' in read)) {
      problems.push(read);
      continue;
    }
    yamls.push(read);
    const result = readScheduleYaml(read, options.monkeys);
    schedules.push(...result.schedules);
    problems.push(...result.problems);
  }
  problems.push(...duplicateIds(schedules, yamls));
  return { schedules, problems };
}

/** `schedules/*.yaml` (and .yml) beside the config file, sorted; none when the directory does not exist. */
export function scheduleFilesBeside(configDir: string): string[] {
  const dir = join(configDir, 'schedules');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}
