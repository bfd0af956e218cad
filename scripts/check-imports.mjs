#!/usr/bin/env node
// Floors point one way: every relative import of core/, monkeys/ and ui/ goes down (or sideways inside its own
// floor), never up, and no files import each other in a cycle. The floors and the few upward imports still allowed
// are written in docs/architecture.md, which this script reads. Biome's noRestrictedImports matches an import's
// text, not the file it resolves to, so it cannot say "core/queue must not reach core/cli" across ../ depths.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the floors and the allowed upward imports are written down (and read from). */
const FLOORS_DOC = 'docs/architecture.md';

function sectionOf(text, title) {
  return text.split(/^## /m).find((part) => part.startsWith(title)) ?? '';
}

/**
 * The floors, bottom to top (the first column of the table under "## The floors, bottom to top": a floor may import
 * its own and the floors listed before it), and the upward imports still allowed (the bullets under "## Upward
 * imports still allowed" that open with `importing file -> imported file`), each with its reason.
 */
function rulesFrom(root) {
  const text = readFileSync(join(root, FLOORS_DOC), 'utf8');
  const floors = [...sectionOf(text, 'The floors, bottom to top').matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
  if (floors.length === 0) throw new Error(`${FLOORS_DOC} has no floor table under "## The floors, bottom to top"`);
  const allowed = new Map(
    [...sectionOf(text, 'Upward imports still allowed').matchAll(/^- `([^`]+ -> [^`]+)`:? *(.*)$/gm)].map((m) => [
      m[1],
      m[2],
    ]),
  );
  return { floors, allowed };
}

const SOURCE_DIRS = ['core', 'monkeys', 'ui'];
const SOURCE_FILE = /\.tsx?$/;
// import … from '…', export … from '…', import '…', import('…'): the specifier of every static or dynamic import.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(root, dir) {
  const found = [];
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...sourceFiles(root, path));
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/** The floor a file lives on: its folder under core/, core/base for files straight under core/, else its top folder. */
function floorOf(file) {
  const parts = file.split('/');
  if (parts[0] !== 'core') return parts[0];
  return parts.length === 2 ? 'core/base' : `core/${parts[1]}`;
}

function importsOf(root, file) {
  const text = readFileSync(join(root, file), 'utf8');
  const targets = [];
  for (const match of text.matchAll(IMPORT)) {
    const target = relative(root, resolve(root, dirname(file), match[1]))
      .split(sep)
      .join('/')
      .replace(/\.js$/, '.ts')
      .replace(/\.jsx$/, '.tsx');
    targets.push(target);
  }
  return targets;
}

/** The strongly connected parts of a graph with more than one node: each holds at least one cycle. */
function tangles(edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) !== index.get(node)) return;
    const part = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      part.push(member);
    } while (member !== node);
    if (part.length > 1) found.push(part);
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** One cycle through a tangle, from its first node (sorted) back to it, to name in the error. */
function cycleIn(edges, part) {
  const members = new Set(part);
  const [start] = [...part].sort();
  const cameFrom = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [...part, start];
}

function cyclesOf(edges) {
  return tangles(edges).map((part) => {
    const cycle = cycleIn(edges, part);
    const named = cycle.join(' -> ');
    return cycle.length === part.length + 1
      ? named
      : `${named} (one of the cycles among ${[...part].sort().join(', ')})`;
  });
}

function addEdge(edges, from, to) {
  if (!edges.has(from)) edges.set(from, new Set());
  edges.get(from).add(to);
}

/**
 * Reads every .ts/.tsx under core/, monkeys/ and ui/ of `root` and returns each problem as a line: a file on no
 * floor, an upward import not allowed, an allowance that matches no import (so the list only shrinks), a cycle of
 * files (type-only imports count: two files whose types need each other cannot be read apart either).
 */
function importProblems(root) {
  const { floors, allowed } = rulesFrom(root);
  const rank = new Map(floors.map((floor, index) => [floor, index]));
  const problems = [];
  const allowedSeen = new Set();
  const fileEdges = new Map();
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(root, dir))) {
    const from = floorOf(file);
    if (!rank.has(from)) problems.push(`on no floor: ${file} (add ${from} to the table in ${FLOORS_DOC})`);
    for (const target of importsOf(root, file)) {
      addEdge(fileEdges, file, target);
      const to = floorOf(target);
      if (!rank.has(from) || !rank.has(to) || rank.get(to) <= rank.get(from)) continue;
      const key = `${file} -> ${target}`;
      if (allowed.has(key)) allowedSeen.add(key);
      else problems.push(`upward import: ${key} (${from} is below ${to})`);
    }
  }
  for (const key of allowed.keys()) {
    if (!allowedSeen.has(key))
      problems.push(`allowed upward import no longer made (remove it from ${FLOORS_DOC}): ${key}`);
  }
  // Floors in one order cannot form a cycle without an upward import (reported above); files can, inside a floor.
  for (const cycle of cyclesOf(fileEdges)) problems.push(`cycle: ${cycle}`);
  return problems;
}

// The tree to check: the first argument (the tests' small trees), else this repository.
const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const problems = importProblems(root);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`check-imports: ${problems.length} problem(s); the floors are in ${FLOORS_DOC}`);
  process.exitCode = 1;
}
