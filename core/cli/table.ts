/** Options of a plain-text table. */
export interface TableOptions {
  /** Per column; numbers read better right-aligned. Default left. */
  readonly align?: readonly ('left' | 'right')[];
  /** Spaces between columns. Default 2. */
  readonly gap?: number;
}

/**
 * A plain-text table for a terminal: a header row, then one row per entry, columns as wide as their widest cell.
 * A cell may hold several lines ("\n"): its row grows and the other cells of that row stay on its first line.
 * No trailing spaces, so output diffs and pastes cleanly.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const split = (row: readonly string[]) => headers.map((_, column) => (row[column] ?? '').split('\n'));
  const cells = [headers.map((header) => [header]), ...rows.map(split)];
  const widths = headers.map((_, column) =>
    Math.max(...cells.flatMap((row) => (row[column] ?? []).map((line) => line.length))),
  );
  const gap = ' '.repeat(options.gap ?? 2);
  const pad = (text: string, column: number) =>
    options.align?.[column] === 'right' ? text.padStart(widths[column] ?? 0) : text.padEnd(widths[column] ?? 0);
  const lines: string[] = [];
  for (const row of cells) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let index = 0; index < height; index += 1) {
      lines.push(
        row
          .map((cell, column) => pad(cell[index] ?? '', column))
          .join(gap)
          .trimEnd(),
      );
    }
  }
  return lines.join('\n');
}
