import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  visit,
  type YAMLMap,
} from 'yaml';
import type { ConfigProblem } from './config-error.js';

/** A parsed YAML file that can say where any key path was written. */
export interface PositionedYaml {
  /** Display path used in messages ("schedules/chaos.yaml"). */
  readonly file: string;
  /** The plain data (undefined when the file could not be parsed). */
  readonly data: unknown;
  /** Syntax errors, already located. */
  readonly problems: ConfigProblem[];
  /** Line and column (1-based) of the value at `path`, or of its nearest ancestor that exists. */
  locate(path: readonly PropertyKey[], options?: { key?: boolean }): { line: number; col: number };
  /** Whether `path` was written in the file. */
  has(path: readonly PropertyKey[]): boolean;
}

/** Alias expansions allowed while building the data: enough for shared defaults, far too few for an alias bomb. */
const MAX_ALIAS_COUNT = 100;

interface Found {
  node: Node | null;
  key: Node | null;
  /** How many path segments were found. */
  depth: number;
}

/**
 * The pairs of each mapping by key text, built on first use: a lookup is then one step per path segment, so
 * locating every problem of a document with many keys stays linear (a scan per lookup made it quadratic).
 */
class PairIndex {
  private readonly byMap = new WeakMap<YAMLMap, Map<string, Pair>>();

  pair(map: YAMLMap, segment: PropertyKey): Pair | undefined {
    let pairs = this.byMap.get(map);
    if (!pairs) {
      pairs = new Map();
      for (const item of map.items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const text = String(item.key.value);
        if (!pairs.has(text)) pairs.set(text, item);
      }
      this.byMap.set(map, pairs);
    }
    return pairs.get(String(segment));
  }
}

function find(doc: Document, index: PairIndex, path: readonly PropertyKey[]): Found {
  let node = doc.contents as Node | null;
  let key: Node | null = null;
  let depth = 0;
  for (const segment of path) {
    if (node && isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    let next: Node | null | undefined;
    let nextKey: Node | null = null;
    if (node && isMap(node)) {
      const pair = index.pair(node, segment);
      if (pair) {
        next = (pair.value as Node | null) ?? null;
        nextKey = pair.key as Node;
        // A key written with no value ("timezone:") still locates at its key.
        if (next === null) return { node: nextKey, key: nextKey, depth: depth + 1 };
      }
    } else if (node && isSeq(node) && typeof segment === 'number') {
      next = node.items[segment] as Node | undefined;
    }
    if (next === undefined) break;
    node = next;
    key = nextKey;
    depth += 1;
  }
  return { node, key, depth };
}

/** The first line of a yaml error ("Map keys must be unique"), without its code frame and position suffix. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

type Position = { line: number; col: number };

/**
 * Keys written twice in one mapping, in one pass with a set per mapping. (The yaml library's own check compares
 * each key with every earlier one: quadratic, 40,000 keys took most of a minute.) Scalar keys compare as text, since
 * the data is a plain object (`1:` and `"1":` would overwrite each other); a merge key (`<<`) may repeat.
 */
function duplicateKeys(doc: Document, position: (node: Node) => Position): Array<{ key: Node; message: string }> {
  const found: Array<{ key: Node; message: string }> = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, Node>();
      for (const item of map.items) {
        if (!isScalar(item.key)) continue;
        const text = String(item.key.value);
        if (text === '<<') continue;
        const first = seen.get(text);
        if (first) {
          found.push({
            key: item.key,
            message: `Map keys must be unique ("${text}" is already at line ${position(first).line})`,
          });
        } else {
          seen.set(text, item.key);
        }
      }
    },
  });
  return found;
}

/**
 * The document's data, or the alias at which the yaml library refused to expand further (an alias bomb such as
 * "billion laughs"). Each alias's own resolve (used for plain aliases and merge keys alike) is wrapped, so the
 * innermost alias that throws is the one reported.
 */
function toData(doc: Document): { data: unknown } | { alias: Alias; message: string } {
  let culprit: Alias | undefined;
  visit(doc, {
    Alias(_, alias) {
      const own = alias.resolve.bind(alias);
      alias.resolve = (...args: Parameters<Alias['resolve']>) => {
        try {
          return own(...args);
        } catch (error) {
          culprit ??= alias;
          throw error;
        }
      };
    },
  });
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {} };
  } catch (error) {
    if (!culprit) throw error;
    const message = /Excessive alias count/.test((error as Error).message)
      ? `YAML alias *${culprit.source} expands too far (more than ${MAX_ALIAS_COUNT} alias expansions: an alias bomb such as "billion laughs"?); write the values out or use fewer nested aliases`
      : `YAML alias *${culprit.source}: ${yamlMessage((error as Error).message)}`;
    return { alias: culprit, message };
  }
}

export function parseYamlWithPositions(text: string, file: string): PositionedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false, merge: true });
  const position = (node: Node | null): Position => {
    const offset = node?.range?.[0];
    return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
  };
  const problems: ConfigProblem[] = doc.errors.map((error) => {
    const at = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    return {
      file,
      line: at.line,
      col: at.col,
      path: '',
      message:
        error.code === 'MULTIPLE_DOCS'
          ? 'a config file holds one YAML document; remove the second "---" or move it to its own file'
          : `YAML syntax error: ${yamlMessage(error.message)}`,
    };
  });
  for (const { key, message } of duplicateKeys(doc, position)) {
    problems.push({ file, ...position(key), path: '', message: `YAML syntax error: ${message}` });
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  let data: unknown;
  if (problems.length === 0) {
    const built = toData(doc);
    if ('data' in built) data = built.data;
    else problems.push({ file, ...position(built.alias), path: '', message: built.message });
  }
  const index = new PairIndex();
  return {
    file,
    data,
    problems,
    locate(path, options = {}) {
      const found = find(doc, index, path);
      if (options.key && found.depth === path.length && found.key) return position(found.key);
      return position(found.node);
    },
    has(path) {
      return find(doc, index, path).depth === path.length;
    },
  };
}
