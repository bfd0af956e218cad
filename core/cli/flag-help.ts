import type { z } from 'zod';
import { schemaAt } from '../config/schema-walk.js';
import type { MonkeyFlag } from '../plan/monkey-cli.js';

/** "Aim at one group" → "aim at one group", as `--help` lines read; "SimianArmy's" or "ASG" stay as written. */
function asHelpLine(sentence: string): string {
  return sentence.replace(/^[A-Z][a-z]*(?![A-Za-z])/, (word) => word.toLowerCase());
}

/**
 * A flag's line in `--help` and in its monkey's docs page: its own words where it declares them (a command-line
 * turn of phrase), else its param's description in the params schema, so one text serves the JSON Schema, the
 * help and the docs. A flag with neither is a bug in the monkey's declaration.
 */
export function flagHelp(params: z.ZodType, flag: MonkeyFlag): string {
  if (flag.help !== undefined) return flag.help;
  const described = flag.param === undefined ? undefined : schemaAt(params, [flag.param])?.description;
  if (!described) throw new Error(`${flag.flag} declares no help and its param has no description`);
  return `${asHelpLine(described)}${flag.repeatable ? ' (repeatable)' : ''}`;
}
