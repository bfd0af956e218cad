import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../config/tree.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'check-imports.mjs');

/** A doc like docs/architecture.md: the floor table, bottom to top, and the upward imports still allowed. */
function floorsDoc(allowed: readonly string[] = []): string {
  return [
    '# Architecture',
    '',
    '## The floors, bottom to top',
    '',
    '| floor | holds |',
    '|---|---|',
    '| `core/base` | clock |',
    '| `core/fleet` | the model |',
    '| `core/queue` | jobs |',
    '| `core/cli` | commands |',
    '| `monkeys` | the monkeys |',
    '',
    '## Upward imports still allowed',
    '',
    ...allowed.map((line) => `- \`${line}\`: a reason.`),
    '',
  ].join('\n');
}

/** A tree that keeps the floors: down, sideways within a floor, a type-only import down. */
const CLEAN_TREE = {
  'core/clock.ts': 'export const now = () => new Date();\n',
  'core/fleet/model.ts': "import { now } from '../clock.js';\nexport const taken = now();\n",
  'core/fleet/naming.ts': "import type { taken } from './model.js';\nexport type Taken = typeof taken;\n",
  'core/queue/jobs.ts': "import { taken } from '../fleet/model.js';\nexport const job = { taken };\n",
  'core/cli/program.ts':
    "import { job } from '../queue/jobs.js';\nexport const run = async () => (await import('../queue/jobs.js')).job ?? job;\n",
};

function check(files: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, writeTree(files)], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('scripts/check-imports.mjs: floors point one way, no cycles (npm run lint)', () => {
  it('passes a tree whose imports go down or sideways', () => {
    expect(check({ ...CLEAN_TREE, 'docs/architecture.md': floorsDoc() })).toEqual({ status: 0, stderr: '' });
  });

  it('fails naming an upward import (static or dynamic) and a cycle of files, type-only imports included', () => {
    const { status, stderr } = check({
      ...CLEAN_TREE,
      'docs/architecture.md': floorsDoc(),
      // The queue reaching up into the CLI, once statically and once lazily.
      'core/queue/fleet-process.ts': "import { run } from '../cli/program.js';\nexport const start = run;\n",
      'core/queue/worker.ts': "export const load = () => import('../cli/program.js');\n",
      // Two files of one floor whose types need each other.
      'core/fleet/model.ts':
        "import type { Taken } from './naming.js';\nexport const taken: Taken | Date = new Date();\n",
    });
    expect(status).toBe(1);
    expect(stderr).toContain(
      'upward import: core/queue/fleet-process.ts -> core/cli/program.ts (core/queue is below core/cli)',
    );
    expect(stderr).toContain(
      'upward import: core/queue/worker.ts -> core/cli/program.ts (core/queue is below core/cli)',
    );
    expect(stderr).toContain('cycle: core/fleet/model.ts -> core/fleet/naming.ts -> core/fleet/model.ts');
    expect(stderr).toContain('check-imports: 3 problem(s); the floors are in docs/architecture.md');
  });

  it('lets an allowed upward import through, and fails once the allowance matches no import', () => {
    const upward = 'core/fleet/naming.ts -> monkeys/janitor.ts';
    const tree = { ...CLEAN_TREE, 'monkeys/janitor.ts': 'export const tag = "simian:janitor";\n' };
    const importing = { ...tree, 'core/fleet/naming.ts': "export { tag } from '../../monkeys/janitor.js';\n" };
    expect(check({ ...importing, 'docs/architecture.md': floorsDoc([upward]) }).status).toBe(0);
    const stale = check({ ...tree, 'docs/architecture.md': floorsDoc([upward]) });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(
      `allowed upward import no longer made (remove it from docs/architecture.md): ${upward}`,
    );
  });

  it('fails for a folder that is on no floor', () => {
    const { status, stderr } = check({
      ...CLEAN_TREE,
      'core/extra/thing.ts': 'export const thing = 1;\n',
      'docs/architecture.md': floorsDoc(),
    });
    expect(status).toBe(1);
    expect(stderr).toContain('on no floor: core/extra/thing.ts (add core/extra to the table in docs/architecture.md)');
  });
});
