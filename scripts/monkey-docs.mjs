// Regenerates the flags and params tables of each monkey's docs page (docs/monkeys/<name>.md) from its declaration
// and its params schema: `npx tsx scripts/monkey-docs.mjs`. A test fails when a committed table differs from what
// this writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withFlagsTable } from '../core/cli/flags-doc.ts';
import { withParamsTable } from '../core/cli/params-doc.ts';
import { allMonkeys } from '../monkeys/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const monkey of allMonkeys()) {
  const path = join(root, 'docs', 'monkeys', `${monkey.name}.md`);
  let page = withParamsTable(readFileSync(path, 'utf8'), monkey);
  if (page === null) throw new Error(`${path} has no params table markers`);
  if (monkey.cli) page = withFlagsTable(page, monkey);
  if (page === null) throw new Error(`${path} has no flags table markers`);
  writeFileSync(path, page);
  console.log(`wrote ${path}`);
}
