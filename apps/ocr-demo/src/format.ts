// Terminal formatting helpers: aligned tables, percentages and progress lines.

/** Formats a share from 0 to 1 as a percentage with one decimal, e.g. "62.9%". */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Formats an entropy in nats with two decimals. */
export function formatNats(value: number): string {
  return value.toFixed(2);
}

/** Formats a before → after pair, e.g. " 0.8% → 62.9%", padding both values on the left to `width`. */
export function formatChange(before: string, after: string, width = 0): string {
  return `${before.padStart(width)} → ${after.padStart(width)}`;
}

/**
 * Aligns rows into columns separated by two spaces and returns the lines. Cells of columns listed
 * in `rightAligned` are padded on the left, which suits numbers.
 */
export function formatTable(rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, displayWidth(cell));
    });
  }

  return rows.map((row) =>
    row
      .map((cell, column) => {
        const padding = ' '.repeat((widths[column] ?? 0) - displayWidth(cell));
        return rightAligned.includes(column) ? padding + cell : cell + padding;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** Counts code points, so "→" is one column. NOTE: wide CJK characters still count as one column. */
function displayWidth(text: string): number {
  return [...text].length;
}

/**
 * Runs `task` between a "label …" line and its duration, so slow steps show progress.
 * The label goes to stderr, which keeps stdout for the report.
 */
export async function withProgress<T>(label: string, task: () => Promise<T> | T): Promise<T> {
  process.stderr.write(`${label} … `);
  const start = performance.now();
  try {
    const result = await task();
    process.stderr.write(`done in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (error) {
    process.stderr.write('failed\n');
    throw error;
  }
}
