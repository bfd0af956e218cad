import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisUrl, uniquePrefix } from './env.js';

/** Writes a simian.yaml with that text into a fresh temporary directory and returns its path. */
export function writeConfigFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'simian-config-')), 'simian.yaml');
  writeFileSync(path, text);
  return path;
}

/** The config lines that point simian at the test Redis, under a key prefix no other test uses unless one is given. */
export function testRedisYaml(prefix = uniquePrefix()): string {
  return `redis:\n  url: ${redisUrl()}\n  prefix: ${prefix}\n`;
}
