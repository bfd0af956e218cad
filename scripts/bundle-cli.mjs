#!/usr/bin/env node
// Bundles the two CLIs (simian, gorilla) into dist/bundle: what the npm package runs (package.json `bin`).
// dist/core and dist/monkeys (scripts/compile.mjs: one file per module, 400+) stay for the image, the tests and the
// benchmarks; the package ships these few files instead. The dependencies stay outside (node_modules), and every file lands in one
// directory, so a path a module finds from its own place (package.json two levels up, dist/dashboard beside)
// is the same in every chunk.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { replaceOutputs } from './replace-outputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');

const built = await build({
  entryPoints: {
    simian: join(root, 'core', 'cli', 'bin', 'simian.ts'),
    gorilla: join(root, 'core', 'cli', 'bin', 'gorilla.ts'),
  },
  outdir,
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: ['node20'],
  packages: 'external',
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
});
await replaceOutputs(outdir, built.outputFiles);
