import type { z } from 'zod';

/** Reading the zod model itself, so env variables, suggestions and docs are derived from it, never listed by hand. */

type AnySchema = z.ZodType;
interface Def {
  type: string;
  checks?: Array<{ _zod: { def: { check?: string; format?: string } } }>;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  options?: AnySchema[];
  in?: AnySchema;
  valueType?: AnySchema;
}

function def(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schema without its default/prefault/optional wrappers. */
export function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const d = def(current);
    if (['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch'].includes(d.type) && d.innerType) {
      current = d.innerType;
    } else {
      return current;
    }
  }
}

/** Whether a schema (without its wrappers) takes whole numbers only (`z.number().int()`). */
export function isIntegerSchema(schema: AnySchema | undefined): boolean {
  if (!schema) return false;
  const d = def(unwrap(schema));
  if (d.type === 'pipe' && d.in) return isIntegerSchema(d.in);
  return (
    d.type === 'number' &&
    (d.checks ?? []).some(
      (check) => check._zod.def.check === 'number_format' && /int/.test(check._zod.def.format ?? ''),
    )
  );
}

/** The keys an object schema accepts, or undefined when it is not an object. */
export function objectKeys(schema: AnySchema): string[] | undefined {
  const d = def(unwrap(schema));
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : undefined;
}

/** The schema that validates the value at `path` (array indexes step into the element). */
export function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (!current) return undefined;
    const d = def(unwrap(current));
    if (d.type === 'object') current = d.shape?.[String(segment)];
    else if (d.type === 'array') current = d.element;
    else if (d.type === 'record') current = d.valueType;
    else return undefined;
  }
  return current;
}

/** How a leaf's text (an env variable, a flag) becomes a value. */
export type LeafKind = 'boolean' | 'number' | 'string' | 'duration' | 'string-list';

export interface Leaf {
  readonly path: readonly string[];
  readonly kind: LeafKind;
  readonly schema: AnySchema;
}

function scalarKind(schema: AnySchema): Exclude<LeafKind, 'string-list'> | undefined {
  const d = def(unwrap(schema));
  if (d.type === 'boolean') return 'boolean';
  if (d.type === 'number') return 'number';
  if (d.type === 'string' || d.type === 'enum') return 'string';
  if (d.type === 'pipe' && d.in) return scalarKind(d.in);
  // duration: a number of milliseconds or a text such as "30m".
  if (d.type === 'union' && d.options?.every((option) => scalarKind(option) !== undefined)) return 'duration';
  return undefined;
}

/** Every scalar and scalar-list leaf of an object schema, depth first, in declaration order. */
export function scalarLeaves(schema: AnySchema, prefix: readonly string[] = []): Leaf[] {
  const d = def(unwrap(schema));
  if (d.type === 'object' && d.shape) {
    return Object.entries(d.shape).flatMap(([key, child]) => scalarLeaves(child, [...prefix, key]));
  }
  if (d.type === 'array' && d.element) {
    const element = scalarKind(d.element);
    return element === 'string' ? [{ path: prefix, kind: 'string-list', schema }] : [];
  }
  const kind = scalarKind(schema);
  return kind ? [{ path: prefix, kind, schema }] : [];
}
