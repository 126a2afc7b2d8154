// Number formats of the page's text readouts. Negative numbers use the minus sign U+2212.

/** Formats a share from 0 to 1 as a percentage with one decimal, e.g. "79.2%". */
export function formatPercent(share: number): string {
  if (Number.isNaN(share)) return 'n/a';
  return `${withMinusSign((share * 100).toFixed(1))}%`;
}

/** Formats an entropy in nats with two decimals, e.g. "1.28 nats". */
export function formatNats(entropy: number): string {
  if (Number.isNaN(entropy)) return 'n/a';
  return `${withMinusSign(entropy.toFixed(2))} nats`;
}

/** Formats a number with at most `digits` decimals and no trailing zeros, e.g. −8, 1.8, 0.25. */
export function formatNumber(value: number, digits = 3): string {
  const rounded = Number(value.toFixed(digits));
  return withMinusSign(String(Object.is(rounded, -0) ? 0 : rounded));
}

/** Formats a probability with 3 significant digits, e.g. "0.000123" or "0.875". */
export function formatProbability(probability: number): string {
  if (probability === 0) return '0';
  return withMinusSign(probability.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
}

/** Formats a duration in milliseconds as "850 ms" or "4.7 s". */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

/** Formats number arrays as "[1.8, −8]". */
export function formatArray(values: readonly number[]): string {
  return `[${values.map((value) => formatNumber(value)).join(', ')}]`;
}

function withMinusSign(text: string): string {
  return text.replace(/^-/, '\u2212');
}
