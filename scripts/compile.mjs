#!/usr/bin/env node
// Compiles core/ and monkeys/ into dist/, one .js (and its source map) per .ts, the layout of the sources: what the
// image, the fleet processes of the demo and the tests, and the benchmarks run. esbuild transpiles each file on its
// own (no type check: `npm run typecheck` does that, and `isolatedModules` in tsconfig.json keeps every file safe to
// transpile alone). Each file is written beside its place and renamed over it, so a process reading dist/ while
// another build runs never loads half a file.
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeAtomically } from './replace-outputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every .ts source under `dir` (tests excluded), as paths. */
async function sources(dir) {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .filter((entry) => !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const entryPoints = [...(await sources('core')), ...(await sources('monkeys'))];
const built = await build({
  entryPoints,
  outdir: join(root, 'dist'),
  outbase: root,
  format: 'esm',
  platform: 'node',
  target: ['node20'],
  sourcemap: true,
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'warning',
  write: false,
});
await writeAtomically(built.outputFiles);
