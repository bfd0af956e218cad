// Regenerates the flags table of each monkey's docs page (docs/monkeys/<name>.md) from its declaration:
// `npx tsx scripts/monkey-docs.mjs`. A test fails when a committed table differs from what this writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withFlagsTable } from '../core/cli/flags-doc.ts';
import { allMonkeys } from '../monkeys/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const monkey of allMonkeys()) {
  if (!monkey.cli) continue;
  const path = join(root, 'docs', 'monkeys', `${monkey.name}.md`);
  const page = withFlagsTable(readFileSync(path, 'utf8'), monkey.cli);
  if (page === null) throw new Error(`${path} has no flags table markers`);
  writeFileSync(path, page);
  console.log(`wrote ${path}`);
}
