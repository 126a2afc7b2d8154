/** Formats rows as a plain-text table with a header line, columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** Formats numbers compactly for tables: up to 4 significant digits. */
export function formatNumbers(values: readonly number[]): string {
  return `[${values.map((value) => Number(value.toPrecision(4))).join(', ')}]`;
}
