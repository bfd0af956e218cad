#!/usr/bin/env node
// One path for reads: AWS is read through the registered resource types (core/aws/resources) and the declared
// account reads (core/aws/account-reads), whose calls are counted and whose permissions `simian iam-policy` grants
// from the declarations. A file outside core/aws/ that sends a Describe*, List* or Get* command of the SDK by hand
// fails this check, unless docs/architecture.md allows it (a mutating effect looking up what it is about to change,
// ), with the reason. An allowance that matches no hand read fails too: the list only shrinks.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the allowances are written down (and read from). */
const DOC = 'docs/architecture.md';
const SECTION = 'Reads outside core/aws still allowed';

const SOURCE_DIRS = ['core', 'monkeys', 'ui'];
const SOURCE_FILE = /\.tsx?$/;
/** The one floor whose files may read AWS by hand: the resource types, the account reads, the clients. */
const READS_HOME = 'core/aws/';
const SDK_IMPORT = /['"]@aws-sdk\/client-[a-z0-9-]+['"]/;
/** An SDK read: a Describe/List/Get command or its paginator (`DescribeInstancesCommand`, `paginateListTags…`). */
const SDK_READ =
  /\b(?:(?:Describe|List|Get)[A-Z][A-Za-z0-9]*Command|paginate(?:Describe|List|Get)[A-Z][A-Za-z0-9]*)\b/g;

function allowancesFrom(root) {
  const text = readFileSync(join(root, DOC), 'utf8');
  const section = text.split(/^## /m).find((part) => part.startsWith(SECTION));
  if (section === undefined) throw new Error(`${DOC} has no section "## ${SECTION}"`);
  return new Map([...section.matchAll(/^- `([^`]+)`:? *(.*)$/gm)].map((m) => [m[1], m[2]]));
}

function sourceFiles(root, dir) {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(root, path);
    return SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The SDK reads a file names in code (comments left out: a comment may name a call it does not make). */
function handReadsOf(root, file) {
  const text = readFileSync(join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  if (!SDK_IMPORT.test(text)) return [];
  return [...new Set([...text.matchAll(SDK_READ)].map((m) => m[0]))].sort();
}

/** Every problem as a line: a hand read not allowed, an allowance that matches no hand read. */
function readProblems(root) {
  const allowed = allowancesFrom(root);
  const problems = [];
  const seen = new Set();
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(root, dir))) {
    if (file.startsWith(READS_HOME)) continue;
    const reads = handReadsOf(root, file);
    if (reads.length === 0) continue;
    if (allowed.has(file)) seen.add(file);
    else
      problems.push(
        `hand read: ${file} sends ${reads.join(', ')} (read through a resource type or an account read in core/aws, or allow it in ${DOC} with the reason)`,
      );
  }
  for (const file of allowed.keys()) {
    if (!seen.has(file)) problems.push(`allowed hand read no longer made (remove it from ${DOC}): ${file}`);
  }
  return problems;
}

// The tree to check: the first argument (the tests' small trees), else this repository.
const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const problems = readProblems(root);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`check-reads: ${problems.length} problem(s); the allowed hand reads are in ${DOC}`);
  process.exitCode = 1;
}
