import { type JsonSchema, paramsJsonSchema } from '../config/json-schema.js';
import { cell, type DocumentedMonkey, withGenerated } from './flags-doc.js';
import { flagName } from './monkey-flags.js';

/** Where a monkey's docs page holds its generated params table (scripts/monkey-docs.mjs rewrites what lies between). */
export const PARAMS_BEGIN = "<!-- params: generated from the monkey's params schema by scripts/monkey-docs.mjs -->";
export const PARAMS_END = '<!-- /params -->';

/** How deep the table goes: a param, its keys (`groups.<name>`, `rules[].metric`), and theirs (`groups.<name>.fault`). */
const DEPTH = 3;

interface ParamRow {
  readonly path: string;
  readonly description: string;
  readonly required: boolean;
}

const objectOr = (value: unknown): JsonSchema | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined;

const propertiesOf = (node: JsonSchema) =>
  Object.entries((objectOr(node.properties) ?? {}) as Record<string, JsonSchema>);

/** `groups.<name>.fault` is 3 deep, `rules[].metric` 2. */
const depthOf = (path: string) => path.split(/\.|\[\]/).filter(Boolean).length;

/** The objects a value may be, with the path their keys go under: itself, a record's values, list items, union branches. */
function objectsBelow(node: JsonSchema, path: string): { node: JsonSchema; path: string }[] {
  const record = objectOr(node.additionalProperties);
  const items = objectOr(node.items);
  const branches = [...((node.anyOf ?? []) as JsonSchema[]), ...((node.oneOf ?? []) as JsonSchema[])];
  return [
    ...(node.properties ? [{ node, path }] : []),
    ...(record ? objectsBelow(record, `${path}.<name>`) : []),
    ...(items ? objectsBelow(items, `${path}[]`) : []),
    ...branches.flatMap((branch) => objectsBelow(branch, path)),
  ];
}

/** One row a path: union branches that say different things of it (Doctor's rule `source`) are joined. */
function merged(rows: readonly ParamRow[]): ParamRow[] {
  const byPath = new Map<string, ParamRow>();
  for (const row of rows) {
    const seen = byPath.get(row.path);
    if (!seen) byPath.set(row.path, row);
    else if (!seen.description.split('; ').includes(row.description)) {
      byPath.set(row.path, { ...seen, description: `${seen.description}; ${row.description}` });
    }
  }
  return [...byPath.values()];
}

/** The rows of an object's keys, each followed by the keys below it. */
function rowsOf(node: JsonSchema, path: string): ParamRow[] {
  if (depthOf(path) >= DEPTH) return [];
  const required = new Set((node.required ?? []) as string[]);
  const properties = propertiesOf(node);
  const entries = properties.map(([key, property]) => {
    const at = path === '' ? key : `${path}.${key}`;
    const description = typeof property.description === 'string' ? property.description : '';
    const row: ParamRow = { path: at, description, required: required.has(key) };
    const below = merged(objectsBelow(property, at).flatMap((object) => rowsOf(object.node, object.path)));
    return { key, row, below };
  });
  const alike = path !== '' && properties.length > 1 && properties.every(([, property]) => property.properties);
  if (!alike) return entries.flatMap(({ row, below }) => [row, ...below]);
  // Entries of one kind (a report monkey's rules): each is listed, then what all of them take is said once under
  // `<name>` (`rules.<name>.enabled`), and what only one takes keeps its own path (`rules.instance-too-old.maxAgeDays`).
  const tail = (key: string, row: ParamRow) => row.path.slice(`${path}.${key}`.length);
  const said = (key: string, row: ParamRow) => `${tail(key, row)}\u0000${row.description}`;
  const times = new Map<string, number>();
  for (const { key, below } of entries)
    for (const row of below) times.set(said(key, row), (times.get(said(key, row)) ?? 0) + 1);
  const shared = (key: string, row: ParamRow) => times.get(said(key, row)) === entries.length;
  const { key: firstKey, below: firstBelow } = entries[0] as (typeof entries)[number];
  const once = firstBelow
    .filter((row) => shared(firstKey, row))
    .map((row) => ({ ...row, path: `${path}.<name>${tail(firstKey, row)}` }));
  return [
    ...entries.map(({ row }) => row),
    ...once,
    ...entries.flatMap(({ key, below }) => below.filter((row) => !shared(key, row))),
  ];
}

/** Every param of a monkey and the keys below it, with what it means (its description) and the flag that sets it. */
export function paramsTable(monkey: DocumentedMonkey): string {
  const flagsOf = (path: string) => [
    ...(monkey.cli?.flags ?? []).filter((flag) => flag.param === path).map(flagName),
    ...(monkey.cli?.region?.param === path ? ['--region'] : []),
  ];
  const rows = rowsOf(paramsJsonSchema(monkey.params), '').map((row) => {
    const flags = flagsOf(row.path).map((flag) => `\`${flag}\``);
    const required = row.required ? ' (required)' : '';
    return `| \`${cell(row.path)}\` | ${flags.join(', ') || '—'} | ${cell(row.description)}${required} |`;
  });
  return [PARAMS_BEGIN, '| param | flag | what it sets |', '|---|---|---|', ...rows, PARAMS_END].join('\n');
}

/** The page with its params table replaced by the current one; null when the page holds no table yet. */
export function withParamsTable(page: string, monkey: DocumentedMonkey): string | null {
  return withGenerated(page, paramsTable(monkey), PARAMS_BEGIN, PARAMS_END);
}
