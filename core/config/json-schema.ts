import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { globalConfigSchema, scheduleFileSchema } from './schema.js';

/** The published JSON Schemas, by file name under schemas/ (editors autocomplete simian.yaml and schedules with them). */
export const SCHEMA_FILES = {
  'simian.schema.json': { schema: globalConfigSchema, title: 'simian global configuration (simian.yaml)' },
  'schedules.schema.json': { schema: scheduleFileSchema, title: 'simian schedule file (schedules/*.yaml)' },
} as const;

export type SchemaFileName = keyof typeof SCHEMA_FILES;

/**
 * One JSON Schema as text. The input side is exported, so a duration may be written as "30m" and every key with a
 * default is optional, as users write them.
 */
export function jsonSchemaText(name: SchemaFileName): string {
  const { schema, title } = SCHEMA_FILES[name];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...json, title }, null, 2)}\n`;
}

/** Writes every schema file into `dir` (the repository's schemas/); returns the paths written. */
export function writeJsonSchemas(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return (Object.keys(SCHEMA_FILES) as SchemaFileName[]).map((name) => {
    const path = join(dir, name);
    writeFileSync(path, jsonSchemaText(name));
    return path;
  });
}
