import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
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

interface Found {
  node: Node | null;
  key: Node | null;
  /** How many path segments were found. */
  depth: number;
}

function find(doc: Document, path: readonly PropertyKey[]): Found {
  let node = doc.contents as Node | null;
  let key: Node | null = null;
  let depth = 0;
  for (const segment of path) {
    if (node && isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    let next: Node | null | undefined;
    let nextKey: Node | null = null;
    if (node && isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
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

export function parseYamlWithPositions(text: string, file: string): PositionedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, merge: true });
  const problems: ConfigProblem[] = doc.errors.map((error) => {
    const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    return {
      file,
      line: position.line,
      col: position.col,
      path: '',
      message:
        error.code === 'MULTIPLE_DOCS'
          ? 'a config file holds one YAML document; remove the second "---" or move it to its own file'
          : `YAML syntax error: ${yamlMessage(error.message)}`,
    };
  });
  const position = (node: Node | null): { line: number; col: number } => {
    const offset = node?.range?.[0];
    return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
  };
  let data: unknown;
  if (doc.errors.length === 0) data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  return {
    file,
    data,
    problems,
    locate(path, options = {}) {
      const found = find(doc, path);
      if (options.key && found.depth === path.length && found.key) return position(found.key);
      return position(found.node);
    },
    has(path) {
      return find(doc, path).depth === path.length;
    },
  };
}
