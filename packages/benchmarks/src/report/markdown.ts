/** Renders a Markdown table; cells are written as given, so callers format numbers first. */
export function markdownTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function formatMs(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) return 'n/a';
  if (milliseconds >= 1000) return `${(milliseconds / 1000).toFixed(2)} s`;
  if (milliseconds >= 10) return `${milliseconds.toFixed(0)} ms`;
  if (milliseconds >= 1) return `${milliseconds.toFixed(1)} ms`;
  return `${milliseconds.toFixed(3)} ms`;
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

/** Formats a byte count in binary units (KiB, MiB, GiB). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  const sign = bytes < 0 ? '−' : '';
  const magnitude = Math.abs(bytes);
  if (magnitude >= 1024 ** 3) return `${sign}${(magnitude / 1024 ** 3).toFixed(2)} GiB`;
  if (magnitude >= 1024 ** 2) return `${sign}${(magnitude / 1024 ** 2).toFixed(1)} MiB`;
  if (magnitude >= 1024) return `${sign}${(magnitude / 1024).toFixed(0)} KiB`;
  return `${sign}${magnitude} B`;
}

/** Writes a count with its noun, plural unless the count is 1: `1 round`, `7 rounds`. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
