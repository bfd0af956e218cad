import type { MonkeyCli } from '../plan/monkey-cli.js';

/** Where a monkey's docs page holds its generated flags table (scripts/monkey-docs.mjs rewrites what lies between). */
export const FLAGS_BEGIN = "<!-- flags: generated from the monkey's declaration by scripts/monkey-docs.mjs -->";
export const FLAGS_END = '<!-- /flags -->';

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The table of a monkey's own flags, as its `--help` says them, with the param each one sets. */
export function flagsTable(cli: MonkeyCli): string {
  const rows = cli.flags.map(
    (flag) =>
      `| \`${cell(flag.flag)}\` | ${flag.param ? `\`${flag.param}\`` : '—'} | ${cell(flag.help)}${flag.required ? ' (required)' : ''} |`,
  );
  return [FLAGS_BEGIN, '| flag | param | what it does |', '|---|---|---|', ...rows, FLAGS_END].join('\n');
}

/** The page with its flags table replaced by the current one; null when the page holds no table yet. */
export function withFlagsTable(page: string, cli: MonkeyCli): string | null {
  const begin = page.indexOf(FLAGS_BEGIN);
  const end = page.indexOf(FLAGS_END);
  if (begin < 0 || end < begin) return null;
  return page.slice(0, begin) + flagsTable(cli) + page.slice(end + FLAGS_END.length);
}
