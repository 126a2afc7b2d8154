/** Returns the median of the values (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** Returns the element-wise ratios numerators[i] / denominators[i] of two equally long series. */
export function pairRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  return numerators.map((value, index) => value / (denominators[index] ?? Number.NaN));
}

/** Returns the median and the spread (min–max) of the values, for a report cell. */
export function summarize(values: readonly number[]): { median: number; min: number; max: number; count: number } {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), count: values.length };
}
