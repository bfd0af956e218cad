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

/** What the schedules' schema needs of a monkey: its name and its params schema (with its descriptions). */
export interface SchemaMonkey {
  readonly name: string;
  readonly params: z.ZodType;
}

export type JsonSchema = Record<string, unknown>;

const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** A monkey's params as the schedules' schema holds them (as users write them, with their descriptions). */
export function paramsJsonSchema(params: z.ZodType): JsonSchema {
  const { $schema: _, ...json } = toJson(params);
  return json;
}

/**
 * A schedule entry's `params` as its monkey's own schema says (its keys, values and descriptions, so editors
 * complete them): one `if monkey = <name> then params: ...` per registered monkey.
 */
function withMonkeyParams(json: JsonSchema, monkeys: readonly SchemaMonkey[]): JsonSchema {
  const schedules = (json.properties as Record<string, JsonSchema>).schedules as JsonSchema;
  const entry = schedules.items as JsonSchema;
  const allOf = monkeys.map((monkey) => ({
    if: { properties: { monkey: { const: monkey.name } }, required: ['monkey'] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, never awaited
    then: { properties: { params: paramsJsonSchema(monkey.params) } },
  }));
  return { ...json, properties: { schedules: { ...schedules, items: { ...entry, allOf } } } };
}

/**
 * One JSON Schema as text. The input side is exported, so a duration may be written as "30m" and every key with a
 * default is optional, as users write them. The schedules' schema holds each given monkey's params.
 */
export function jsonSchemaText(name: SchemaFileName, monkeys: readonly SchemaMonkey[] = []): string {
  const { schema, title } = SCHEMA_FILES[name];
  const json = toJson(schema);
  const full = name === 'schedules.schema.json' && monkeys.length > 0 ? withMonkeyParams(json, monkeys) : json;
  return `${JSON.stringify({ ...full, title }, null, 2)}\n`;
}

/** Writes every schema file into `dir` (the repository's schemas/); returns the paths written. */
export function writeJsonSchemas(dir: string, monkeys: readonly SchemaMonkey[]): string[] {
  mkdirSync(dir, { recursive: true });
  return (Object.keys(SCHEMA_FILES) as SchemaFileName[]).map((name) => {
    const path = join(dir, name);
    writeFileSync(path, jsonSchemaText(name, monkeys));
    return path;
  });
}
