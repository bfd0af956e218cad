#!/usr/bin/env node
// Bundles the dashboard (ui/dashboard, preact + uPlot) into dist/dashboard: index.html, app.js, app.css.
// Run by `npm run build` (and so at install); the server only reads the files, it never builds.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { replaceOutputs } from './replace-outputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'ui', 'dashboard');
const outdir = join(root, 'dist', 'dashboard');

const built = await build({
  entryPoints: { app: join(source, 'main.tsx') },
  outdir,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
});
await replaceOutputs(outdir, [
  ...built.outputFiles,
  { path: join(outdir, 'index.html'), contents: await readFile(join(source, 'index.html')) },
]);
