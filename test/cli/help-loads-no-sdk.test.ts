import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'simian-help-trace-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The AWS SDK clients `simian <argv>` loads, read from every module it resolves. */
async function sdkClientsLoadedBy(argv: string[]): Promise<string[]> {
  const trace = join(dir, `${argv.join('-').replace(/[^a-z-]/g, '')}.txt`);
  await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      join(root, 'test', 'support', 'trace-resolve.mjs'),
      join(root, 'core', 'cli', 'bin', 'simian.ts'),
      ...argv,
    ],
    { cwd: root, env: { ...process.env, SIMIAN_TRACE_RESOLVE: trace } },
  ).catch(() => undefined);
  const urls = readFileSync(trace, 'utf8');
  return [...new Set(urls.match(/@aws-sdk\/client-[a-z0-9-]+/g) ?? [])].sort();
}

// The monkeys declare their effects, so the CLI imports them to build its commands: an effect loads its SDK client
// when it runs, not when it is imported. EC2's client was loaded at start before the registry, and still is.
describe('what the CLI loads before it runs anything', () => {
  it.each([['--help'], ['validate', '-c', '/nonexistent/simian.yaml'], ['janitor', '--help']])(
    'simian %s loads no AWS SDK client but EC2',
    async (...argv) => {
      expect(await sdkClientsLoadedBy(argv)).toEqual(['@aws-sdk/client-ec2']);
    },
    60_000,
  );
});
