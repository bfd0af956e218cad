import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_LEAVES } from '../../core/config/env.js';
import { jsonSchemaText, SCHEMA_FILES, type SchemaFileName } from '../../core/config/json-schema.js';

const root = join(import.meta.dirname, '..', '..');

describe('exported JSON Schemas', () => {
  it.each(Object.keys(SCHEMA_FILES) as SchemaFileName[])(
    'schemas/%s equals what the model generates (run: npx tsx scripts/write-schemas.mjs)',
    (name) => {
      expect(readFileSync(join(root, 'schemas', name), 'utf8')).toBe(jsonSchemaText(name));
    },
  );

  it('accepts durations written as text and rejects unknown keys, as the loader does', () => {
    const schema = JSON.parse(jsonSchemaText('simian.schema.json'));
    expect(schema.additionalProperties).toBe(false);
    const retention = schema.properties.events.properties.retention;
    expect(retention.anyOf.map((option: { type: string }) => option.type)).toEqual(['integer', 'string']);
  });
});

describe('docs/configuration.md', () => {
  it.each(ENV_LEAVES.map((leaf) => leaf.variable))('documents %s', (variable) => {
    expect(readFileSync(join(root, 'docs', 'configuration.md'), 'utf8')).toContain(`\`${variable}\``);
  });
});
