import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { ConfigProblem } from './config-error.js';
import { type PositionedYaml, parseYamlWithPositions } from './yaml-positions.js';

/** The path as users see it in messages: relative to the working directory when inside it. */
export function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path;
}

/** Reads and parses one YAML file; an unreadable file is a located problem, not an exception. */
export function readYaml(path: string, cwd: string): PositionedYaml | ConfigProblem {
  const file = displayPath(path, cwd);
  try {
    return parseYamlWithPositions(readFileSync(path, 'utf8'), file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return { file, line: 0, col: 0, path: '', message: `cannot read: ${reason}` };
  }
}
