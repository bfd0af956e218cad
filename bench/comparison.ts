import { renderTable } from '../core/cli/table.js';

/** One measured quantity of a benchmark: our value next to the baseline's, from the same run. */
export interface Row {
  readonly metric: string;
  readonly ours: number;
  readonly baseline: number;
  readonly unit: string;
  /** Whether less (calls, seconds) or more (attempts per second) is the good direction. */
  readonly better: 'lower' | 'higher';
}

/** What one benchmark prints: a title, its rows, and the notes a reader needs to trust the numbers. */
export interface Comparison {
  readonly title: string;
  readonly rows: readonly Row[];
  readonly notes: readonly string[];
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 2 : 0 });
}

/** How many times better ours is than the baseline (below 1x: worse); "-" when a side is zero. */
export function advantage(row: Row): string {
  if (row.ours === row.baseline) return '1x';
  if (row.ours === 0 || row.baseline === 0) return '-';
  const times = row.better === 'lower' ? row.baseline / row.ours : row.ours / row.baseline;
  return `${formatNumber(Number(times.toPrecision(3)))}x`;
}

export function renderComparison(comparison: Comparison): string {
  const table = renderTable(
    ['metric', 'ours', 'baseline', 'ours better by'],
    comparison.rows.map((row) => [
      row.metric,
      `${formatNumber(row.ours)} ${row.unit}`,
      `${formatNumber(row.baseline)} ${row.unit}`,
      advantage(row),
    ]),
    { align: ['left', 'right', 'right', 'right'] },
  );
  const notes = comparison.notes.map((note) => `  - ${note}`);
  return [`## ${comparison.title}`, '', table, '', ...notes, ''].join('\n');
}

/** One row of `npm run bench -- --json` (the contract's shape). */
export interface JsonRow {
  readonly name: string;
  readonly ours: number;
  readonly baseline: number;
  readonly unit: string;
  /** ours / baseline, as measured (below 1 is better when less is better); null when the baseline is zero. */
  readonly ratio: number | null;
}

/** "AWS calls of an inventory" → "aws-calls-of-an-inventory". */
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A benchmark's rows as JSON rows named `<benchmark>.<metric>`. */
export function jsonRows(benchmark: string, comparison: Comparison): JsonRow[] {
  return comparison.rows.map((row) => ({
    name: `${benchmark}.${slug(row.metric)}`,
    ours: row.ours,
    baseline: row.baseline,
    unit: row.unit,
    ratio: row.baseline === 0 ? null : Number((row.ours / row.baseline).toPrecision(4)),
  }));
}
