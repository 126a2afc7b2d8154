/** Statistics of probability rows, for comparing how sparse and multi-modal Softmax and MultiMax are. */

/** Default threshold below which sparsity counts a probability as zero. */
export const DEFAULT_SPARSITY_THRESHOLD = 1e-3;

/** Default minimum probability of a mode in countModes. */
export const DEFAULT_MODE_MIN_PROBABILITY = 0.05;

/**
 * Returns the share of entries below `threshold` (default 1e-3), from 0 to 1. Exact zeros from
 * masking count as sparse. An empty row returns 0.
 */
export function sparsity(probs: ArrayLike<number>, threshold = DEFAULT_SPARSITY_THRESHOLD): number {
  if (probs.length === 0) return 0;

  let belowThreshold = 0;
  for (let i = 0; i < probs.length; i++) {
    if ((probs[i] as number) < threshold) belowThreshold++;
  }
  return belowThreshold / probs.length;
}

/** Returns the Shannon entropy −Σ p·ln p in nats, taking 0·ln 0 as 0. A NaN entry gives NaN. */
export function entropy(probs: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i] as number;
    if (p !== 0) total -= p * Math.log(p);
  }
  return total;
}

/**
 * Counts the modes of a row: local maxima along the index axis whose probability is at least
 * `minProbability` (default 0.05). A plateau, a run of exactly equal entries, counts once when
 * both neighbors of the run are strictly lower. Positions outside the row count as lower, so a
 * uniform row has one mode and [0.5, 0.1, 0.4] has two.
 */
export function countModes(probs: ArrayLike<number>, minProbability = DEFAULT_MODE_MIN_PROBABILITY): number {
  let modes = 0;
  let runStart = 0;

  while (runStart < probs.length) {
    const value = probs[runStart] as number;
    let runEnd = runStart;
    while (runEnd + 1 < probs.length && probs[runEnd + 1] === value) runEnd++;

    const left = runStart > 0 ? (probs[runStart - 1] as number) : Number.NEGATIVE_INFINITY;
    const right = runEnd + 1 < probs.length ? (probs[runEnd + 1] as number) : Number.NEGATIVE_INFINITY;
    if (value >= minProbability && left < value && right < value) modes++;

    runStart = runEnd + 1;
  }
  return modes;
}

/**
 * Averages sparsity, entropy and countModes over the rows of the last axis of a row-major tensor.
 * Rows of all zeros, which fully masked rows produce, are skipped and not counted in `rows`.
 * With no rows left the means are NaN.
 */
export function summarizeRows(
  data: Float32Array,
  shape: readonly number[],
  threshold = DEFAULT_SPARSITY_THRESHOLD,
): { rows: number; meanSparsity: number; meanEntropy: number; meanModes: number } {
  const rowLength = shape[shape.length - 1] ?? 0;
  const expectedLength = shape.reduce((product, dimension) => product * dimension, 1);
  if (shape.length === 0 || expectedLength !== data.length) {
    throw new RangeError(`shape [${shape.join(', ')}] does not match data of ${data.length} elements`);
  }

  let rows = 0;
  let sparsityTotal = 0;
  let entropyTotal = 0;
  let modesTotal = 0;

  for (let offset = 0; rowLength > 0 && offset < data.length; offset += rowLength) {
    const row = data.subarray(offset, offset + rowLength);
    if (row.every((p) => p === 0)) continue;

    rows++;
    sparsityTotal += sparsity(row, threshold);
    entropyTotal += entropy(row);
    modesTotal += countModes(row);
  }

  return {
    rows,
    meanSparsity: rows === 0 ? Number.NaN : sparsityTotal / rows,
    meanEntropy: rows === 0 ? Number.NaN : entropyTotal / rows,
    meanModes: rows === 0 ? Number.NaN : modesTotal / rows,
  };
}
