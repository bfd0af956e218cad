import type { z } from 'zod';
import type { MonkeyCli } from '../plan/monkey-cli.js';
import { flagHelp } from './flag-help.js';

/** Where a monkey's docs page holds its generated flags table (scripts/monkey-docs.mjs rewrites what lies between). */
export const FLAGS_BEGIN = "<!-- flags: generated from the monkey's declaration by scripts/monkey-docs.mjs -->";
export const FLAGS_END = '<!-- /flags -->';

/** What the docs tables are generated from: a monkey's command and its params schema. */
export interface DocumentedMonkey {
  readonly cli?: MonkeyCli | undefined;
  readonly params: z.ZodType;
}

export const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The table of a monkey's own flags, as its `--help` says them, with the param each one sets. */
export function flagsTable(monkey: DocumentedMonkey): string {
  const rows = (monkey.cli?.flags ?? []).map(
    (flag) =>
      `| \`${cell(flag.flag)}\` | ${flag.param ? `\`${flag.param}\`` : '—'} | ${cell(flagHelp(monkey.params, flag))}${flag.required ? ' (required)' : ''} |`,
  );
  return [FLAGS_BEGIN, '| flag | param | what it does |', '|---|---|---|', ...rows, FLAGS_END].join('\n');
}

/** The page with the text between `begin` and `end` replaced by `table`; null when the page holds no markers. */
export function withGenerated(page: string, table: string, begin: string, end: string): string | null {
  const from = page.indexOf(begin);
  const to = page.indexOf(end);
  if (from < 0 || to < from) return null;
  return page.slice(0, from) + table + page.slice(to + end.length);
}

/** The page with its flags table replaced by the current one; null when the page holds no table yet. */
export function withFlagsTable(page: string, monkey: DocumentedMonkey): string | null {
  return withGenerated(page, flagsTable(monkey), FLAGS_BEGIN, FLAGS_END);
}
