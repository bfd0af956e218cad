import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_LEAVES } from '../../core/config/env.js';
import { jsonSchemaText, SCHEMA_FILES, type SchemaFileName } from '../../core/config/json-schema.js';
import { allMonkeys } from '../../monkeys/index.js';

const root = join(import.meta.dirname, '..', '..');

describe('exported JSON Schemas', () => {
  it.each(Object.keys(SCHEMA_FILES) as SchemaFileName[])(
    'schemas/%s equals what the model generates (run: npx tsx scripts/write-schemas.mjs)',
    (name) => {
      expect(readFileSync(join(root, 'schemas', name), 'utf8')).toBe(jsonSchemaText(name, allMonkeys()));
    },
  );

  it('accepts durations written as text and rejects unknown keys, as the loader does', () => {
    const schema = JSON.parse(jsonSchemaText('simian.schema.json'));
    expect(schema.additionalProperties).toBe(false);
    const retention = schema.properties.events.properties.retention;
    expect(retention.anyOf.map((option: { type: string }) => option.type)).toEqual(['integer', 'string']);
  });

  it("gives each monkey's schedule entries its own params, with their descriptions (editors complete them)", () => {
    const schema = JSON.parse(jsonSchemaText('schedules.schema.json', allMonkeys()));
    const paramsOf = (name: string) =>
      schema.properties.schedules.items.allOf.find(
        (branch: { if: { properties: { monkey: { const: string } } } }) => branch.if.properties.monkey.const === name,
      )?.then.properties.params;
    const gorilla = paramsOf('gorilla');
    expect(gorilla.additionalProperties).toBe(false);
    expect(gorilla.required).toEqual(['zone']);
    expect(gorilla.properties.mode.enum).toEqual(['terminate', 'exclude', 'isolate']);
    expect(gorilla.properties.zone.description).toMatch(/availability zone/);
    for (const monkey of allMonkeys()) expect(paramsOf(monkey.name), monkey.name).toBeDefined();
  });
});

/** The JSON Schema nodes of an object's properties, and of what lies below them (records, lists, unions). */
type Node = { [key: string]: unknown };

/** Each property (by its path) in `node` and below that says nothing of itself: an editor would show it bare. */
function undescribed(node: Node, path: string): string[] {
  const below = (child: unknown, at: string) =>
    child && typeof child === 'object' ? undescribed(child as Node, at) : [];
  const properties = Object.entries((node.properties ?? {}) as Record<string, Node>);
  return [
    ...properties.flatMap(([key, property]) => [
      ...(typeof property.description === 'string' && property.description.trim() !== '' ? [] : [`${path}.${key}`]),
      ...below(property, `${path}.${key}`),
    ]),
    ...below(node.additionalProperties, `${path}.<key>`),
    ...below(node.items, `${path}[]`),
    ...(['anyOf', 'oneOf', 'allOf'] as const).flatMap((union) =>
      ((node[union] ?? []) as Node[]).flatMap((branch) => undescribed(branch, path)),
    ),
  ];
}

describe("every monkey's params in the schedules' schema", () => {
  const schema = JSON.parse(jsonSchemaText('schedules.schema.json', allMonkeys()));
  const branches = schema.properties.schedules.items.allOf as {
    if: { properties: { monkey: { const: string } } };
    then: { properties: { params: Node } };
  }[];

  it.each(allMonkeys().map((monkey) => monkey.name))('%s: every param, nested ones too, has a description', (name) => {
    const params = branches.find((branch) => branch.if.properties.monkey.const === name)?.then.properties.params;
    expect(params, name).toBeDefined();
    expect(undescribed(params as Node, 'params')).toEqual([]);
  });
});

describe('docs/configuration.md', () => {
  it.each(ENV_LEAVES.map((leaf) => leaf.variable))('documents %s', (variable) => {
    expect(readFileSync(join(root, 'docs', 'configuration.md'), 'utf8')).toContain(`\`${variable}\``);
  });
});
