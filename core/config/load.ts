import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Clock, systemClock } from '../clock.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { checkOverride, ENV_LEAVES, fromText, type Override, readEnvOverrides, unknownEnvWarnings } from './env.js';
import { type LoadedSchedule, loadScheduleFiles, type MonkeyCatalog, scheduleFilesBeside } from './load-schedules.js';
import { readYaml } from './read-yaml.js';
import { type GlobalConfig, globalConfigSchema } from './schema.js';
import { buildSources, type ConfigSource } from './sources.js';
import { type PositionedYaml, parseYamlWithPositions } from './yaml-positions.js';
import { dotted, issuesToProblems } from './zod-problems.js';

export type { LoadedSchedule, MonkeyCatalog } from './load-schedules.js';
export { isScheduleFile, loadScheduleFiles, scheduleFilesBeside } from './load-schedules.js';
export type { MonkeyName } from './schema.js';

export interface LoadedConfig {
  readonly global: GlobalConfig;
  readonly schedules: readonly LoadedSchedule[];
  /** Every effective global leaf with its source (default | file | env | flag); secrets redacted. */
  readonly sources: readonly ConfigSource[];
  /** Absolute paths of every file read. */
  readonly files: readonly string[];
  readonly loadedAt: Date;
  /** Things that load but look like mistakes (an unknown SIMIAN_* variable); commands print them. */
  readonly warnings: readonly string[];
}

export interface LoadConfigOptions {
  /** -c/--config; else ./simian.yaml when it exists, else every default. */
  configPath?: string;
  /** Schedule files to read; else every *.yaml in the `schedules` directory beside the config file. */
  scheduleFiles?: readonly string[];
  /** Base for relative paths and display paths (default: process.cwd()). */
  cwd?: string;
  /** Where SIMIAN_* overrides are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Command-line overrides; they beat the environment. */
  flags?: {
    regions?: readonly string[];
    endpointUrl?: string;
    /** Any other leaf a command's flag sets (`serve --port` → { key: 'http.port', value: '9000', flag: '--port' }). */
    values?: readonly FlagValue[];
  };
  /** The monkey registry: unknown monkeys and bad params are config problems (file:line:col). */
  monkeys?: MonkeyCatalog;
  clock?: Clock;
}

/** One command-line flag that sets a global config leaf; text is converted as for environment variables. */
export interface FlagValue {
  readonly key: string;
  readonly value: unknown;
  readonly flag: string;
}

export const DEFAULT_CONFIG_FILE = 'simian.yaml';

function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const child = node[segment];
    if (child === undefined) node[segment] = {};
    else if (child === null || typeof child !== 'object' || Array.isArray(child)) return;
    node = node[segment] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

function flagOverrides(flags: LoadConfigOptions['flags'] = {}): Override[] {
  const overrides: Override[] = [];
  if (flags.regions && flags.regions.length > 0) {
    overrides.push({ path: ['regions'], value: [...flags.regions], origin: '--region' });
  }
  if (flags.endpointUrl) overrides.push({ path: ['endpointUrl'], value: flags.endpointUrl, origin: '--endpoint-url' });
  for (const { key, value, flag } of flags.values ?? []) {
    if (value === undefined) continue;
    const leaf = ENV_LEAVES.find((candidate) => dotted(candidate.path) === key);
    if (!leaf) throw new Error(`flag ${flag} sets "${key}", which is not a scalar config key`);
    const converted = typeof value === 'string' ? fromText(value, leaf.kind) : value;
    overrides.push({ path: leaf.path, value: converted, origin: flag });
  }
  return overrides;
}

export interface GlobalResult {
  config?: GlobalConfig;
  yaml?: PositionedYaml;
  problems: ConfigProblem[];
}

/** Reads one global config file (or none: every default) and applies the env and flag overrides on top. */
export function loadGlobalFile(
  path: string | undefined,
  options: Pick<LoadConfigOptions, 'cwd' | 'env' | 'flags'> = {},
  overrides = { env: [] as Override[], flags: [] as Override[] },
): GlobalResult {
  const cwd = options.cwd ?? process.cwd();
  let yaml: PositionedYaml | undefined;
  const problems: ConfigProblem[] = [];
  if (path) {
    const read = readYaml(path, cwd);
    if ('data' in read) {
      yaml = read;
      problems.push(...read.problems);
    } else {
      problems.push(read);
    }
    if (problems.length > 0) return { yaml, problems };
  }
  const raw = yaml?.data ?? {};
  const merged = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? structuredClone(raw) : raw;
  if (merged !== null && typeof merged === 'object' && !Array.isArray(merged)) {
    for (const override of [...overrides.env, ...overrides.flags]) {
      setIn(merged as Record<string, unknown>, override.path, override.value);
    }
  }
  const result = globalConfigSchema.safeParse(merged, { reportInput: true });
  if (result.success) return { config: result.data, yaml, problems };
  const where = yaml ?? parseYamlWithPositions('', DEFAULT_CONFIG_FILE);
  return { yaml, problems: issuesToProblems(result.error.issues, where, globalConfigSchema) };
}

/** The global config file that would be read: -c, else ./simian.yaml if present, else none. */
export function resolveConfigPath(configPath: string | undefined, cwd: string): string | undefined {
  if (configPath) return resolve(cwd, configPath);
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

/**
 * Loads the whole configuration: simian.yaml, schedules, SIMIAN_* environment, flags. Any problem anywhere
 * throws one ConfigError listing them all (file:line:col each); nothing partial is ever returned.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const loadedAt = (options.clock ?? systemClock).now();
  const configPath = resolveConfigPath(options.configPath, cwd);
  const env = readEnvOverrides(options.env ?? process.env);
  const flags: Override[] = [];
  const flagProblems: ConfigProblem[] = [];
  for (const override of flagOverrides(options.flags)) {
    const leaf = ENV_LEAVES.find((candidate) => dotted(candidate.path) === dotted(override.path));
    const found = leaf ? checkOverride(leaf, override) : [];
    if (found.length > 0) flagProblems.push(...found);
    else flags.push(override);
  }
  const global = loadGlobalFile(configPath, { cwd }, { env: env.overrides, flags });
  const scheduleFiles = options.scheduleFiles
    ? options.scheduleFiles.map((path) => resolve(cwd, path))
    : scheduleFilesBeside(configPath ? dirname(configPath) : cwd);
  const schedules = loadScheduleFiles(scheduleFiles, { cwd, monkeys: options.monkeys });
  const problems = [...env.problems, ...flagProblems, ...global.problems, ...schedules.problems];
  if (problems.length > 0 || !global.config) throw new ConfigError(problems);
  return {
    global: global.config,
    schedules: schedules.schedules,
    sources: buildSources(global.config, global.yaml, env.overrides, flags, loadedAt),
    files: [...(configPath ? [configPath] : []), ...scheduleFiles],
    loadedAt,
    warnings: unknownEnvWarnings(options.env ?? process.env),
  };
}

/** Where one effective value came from ("redis.url" → its ConfigSource), or undefined for an unknown key. */
export function sourceOf(config: LoadedConfig, key: string): ConfigSource | undefined {
  return config.sources.find((source) => source.key === key);
}
