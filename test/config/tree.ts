import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ConfigProblem } from '../../core/config/config-error.js';
import { ConfigError } from '../../core/config/config-error.js';
import { type LoadConfigOptions, type LoadedConfig, loadConfig } from '../../core/config/load.js';
import { monkeyCatalog } from '../../monkeys/index.js';

/** Writes files (relative path → text) into a fresh temporary directory and returns it. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'simian-config-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Loads config from a tree with a clean environment and the monkeys registry; returns the problems of the ConfigError it must throw. */
export function problemsOf(files: Record<string, string>, options: LoadConfigOptions = {}): readonly ConfigProblem[] {
  const cwd = writeTree(files);
  try {
    loadConfig({ env: {}, monkeys: monkeyCatalog, ...options, cwd });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

/** Loads config from a tree with a clean environment; it must load. */
export function loadTree(files: Record<string, string>, options: LoadConfigOptions = {}): LoadedConfig {
  return loadConfig({ env: {}, ...options, cwd: writeTree(files) });
}
