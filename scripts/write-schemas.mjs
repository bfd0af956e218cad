// Regenerates schemas/*.json from the zod model and every registered monkey's params: `npx tsx scripts/write-schemas.mjs`.
// A test fails when the committed files differ from what the model generates.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeJsonSchemas } from '../core/config/json-schema.ts';
import { allMonkeys } from '../monkeys/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const path of writeJsonSchemas(join(root, 'schemas'), allMonkeys())) console.log(`wrote ${path}`);
