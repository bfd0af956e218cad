import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagsTable, withFlagsTable } from '../../core/cli/flags-doc.js';
import { allMonkeys } from '../../monkeys/index.js';

const root = join(import.meta.dirname, '..', '..');
const commanded = allMonkeys().filter((monkey) => monkey.cli);

describe("each monkey's docs page", () => {
  it.each(commanded.map((monkey) => monkey.name))(
    'docs/monkeys/%s.md holds the current flags table (run: npx tsx scripts/monkey-docs.mjs)',
    (name) => {
      const cli = commanded.find((monkey) => monkey.name === name)?.cli;
      if (!cli) throw new Error(`${name} declares no command`);
      const page = readFileSync(join(root, 'docs', 'monkeys', `${name}.md`), 'utf8');
      expect(withFlagsTable(page, cli), 'the page has no flags table markers').not.toBeNull();
      expect(page).toContain(flagsTable(cli));
    },
  );

  it('lists every flag of the command with the param it sets', () => {
    const chaos = commanded.find((monkey) => monkey.name === 'chaos')?.cli;
    expect(chaos && flagsTable(chaos)).toMatch(/\| `--fault <fault>` \| `fault` \| what to do: terminate \\\| stop/);
  });
});
