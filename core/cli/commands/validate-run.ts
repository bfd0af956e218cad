import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { allMonkeys } from '../../../monkeys/index.js';
import { ConfigError, type ConfigProblem } from '../../config/config-error.js';
import { jsonSchemaText, type SchemaFileName } from '../../config/json-schema.js';
import {
  isScheduleFile,
  type LoadConfigOptions,
  loadConfig,
  loadGlobalFile,
  loadScheduleFiles,
} from '../../config/load.js';
import { reachWarnings } from '../../config/reach-warnings.js';
import { parseYamlWithPositions } from '../../config/yaml-positions.js';
import { InputError } from '../../errors.js';

export interface ValidateOptions {
  config?: string;
  json?: boolean;
  printSchema?: string;
}

const SCHEMA_NAMES: Record<string, SchemaFileName> = {
  global: 'simian.schema.json',
  schedules: 'schedules.schema.json',
};

/** Checks the given files: global configs one by one, schedule files together (their ids must be unique). */
function validateFiles(paths: readonly string[], options: Pick<LoadConfigOptions, 'monkeys'>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const scheduleFiles: string[] = [];
  for (const path of paths) {
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // loadGlobalFile reports an unreadable file with its name.
    }
    if (text !== undefined && isScheduleFile(parseYamlWithPositions(text, path))) scheduleFiles.push(path);
    else problems.push(...loadGlobalFile(path, {}, { env: [], flags: [] }).problems);
  }
  problems.push(...loadScheduleFiles(scheduleFiles, options).problems);
  return problems;
}

/** `simian validate [files...]`: checks configuration without touching AWS or Redis. */
export async function validate(
  files: readonly string[],
  options: ValidateOptions,
  load: Pick<LoadConfigOptions, 'monkeys'> = {},
): Promise<void> {
  if (options.printSchema !== undefined) {
    const name = SCHEMA_NAMES[options.printSchema];
    if (!name) throw new InputError(`--print-schema takes "global" or "schedules", not "${options.printSchema}"`);
    process.stdout.write(jsonSchemaText(name, allMonkeys()));
    return;
  }
  let checked: readonly string[];
  let problems: readonly ConfigProblem[] = [];
  if (files.length > 0) {
    checked = files.map((file) => resolve(file));
    problems = validateFiles(files, load);
  } else {
    try {
      const config = loadConfig({ ...load, configPath: options.config });
      checked = config.files;
      for (const warning of [...config.warnings, ...reachWarnings(config)])
        process.stderr.write(`warning: ${warning}\n`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      checked = [];
      problems = error.problems;
    }
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: problems.length === 0, files: checked, problems }, null, 2)}\n`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (!options.json) {
    const count = checked.length;
    const note = files.length === 0 && count === 0 ? ' (no simian.yaml or schedules found: all defaults)' : '';
    process.stdout.write(`ok: ${count} ${count === 1 ? 'file' : 'files'} valid${note}\n`);
  }
}
