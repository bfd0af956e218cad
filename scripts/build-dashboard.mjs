#!/usr/bin/env node
// Bundles the dashboard (ui/dashboard, preact + uPlot) into dist/dashboard: index.html, app.js, app.css.
// Run by `npm run build` (and so at install); the server only reads the files, it never builds.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'ui', 'dashboard');
const outdir = join(root, 'dist', 'dashboard');

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
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
});
await copyFile(join(source, 'index.html'), join(outdir, 'index.html'));
