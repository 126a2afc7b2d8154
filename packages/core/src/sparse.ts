/**
 * SparseMax and 1.5-entmax in float64: sparse alternatives to Softmax that can give probability
 * exactly 0. They serve as references for comparing Softmax and MultiMax; the ONNX rewriter does
 * not emit them. SPEC.md defines both maps and their rules for masked and non-finite entries.
 */

import { isMaskedValue } from './math.js';

/**
 * Computes SparseMax (Martins and Astudillo, ICML 2016): the Euclidean projection of the row onto
 * the probability simplex, p = max(x − τ, 0) with the threshold τ chosen so that p sums to 1.
 *
 * τ comes from sorting: with the scores in descending order z(1) ≥ … ≥ z(n), the support size k is
 * the largest k with 1 + k·z(k) > z(1) + … + z(k), and τ = (z(1) + … + z(k) − 1) / k.
 * Masked entries (see isMaskedValue) get exactly 0, a fully masked row gives all zeros, entries
 * equal to +Infinity share the probability equally, and a NaN makes every unmasked entry NaN.
 */
export function sparsemax(values: ArrayLike<number>): Float64Array {
  return projectRow(values, sparsemaxOfFinite);
}

/**
 * Computes 1.5-entmax (Peters, Niculae and Martins, ACL 2019): p = max(x/2 − τ, 0)², with the
 * threshold τ chosen so that p sums to 1. It lies between Softmax (α = 1) and SparseMax (α = 2).
 *
 * τ comes from the exact sort-based algorithm of that paper: with y = x/2 sorted in descending
 * order, for each k the candidate τ(k) = mean(k) − sqrt(max((1 − ss(k)) / k, 0)), where mean(k) and
 * ss(k) are the mean and the sum of squared deviations of the k largest entries. τ is the candidate
 * of the largest k with τ(k) ≤ y(k). Masked and non-finite entries follow the rules of sparsemax.
 */
export function entmax15(values: ArrayLike<number>): Float64Array {
  return projectRow(values, entmax15OfFinite);
}

/**
 * Applies the row rules shared by both maps and calls `projectFinite` on the unmasked entries when
 * all of them are finite. `projectFinite` receives the entries minus their maximum, which both
 * maps allow because they are shift-invariant, and keeps the values away from overflow.
 */
function projectRow(values: ArrayLike<number>, projectFinite: (shifted: Float64Array) => Float64Array): Float64Array {
  const output = new Float64Array(values.length);

  const liveIndices: number[] = [];
  let hasNaN = false;
  let positiveInfinityCount = 0;
  let maxFinite = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (isMaskedValue(value)) continue;

    liveIndices.push(i);
    if (Number.isNaN(value)) hasNaN = true;
    else if (value === Number.POSITIVE_INFINITY) positiveInfinityCount++;
    else if (value > maxFinite) maxFinite = value;
  }

  if (liveIndices.length === 0) return output;

  if (hasNaN) {
    for (const i of liveIndices) output[i] = Number.NaN;
    return output;
  }

  if (positiveInfinityCount > 0) {
    for (const i of liveIndices) output[i] = values[i] === Number.POSITIVE_INFINITY ? 1 / positiveInfinityCount : 0;
    return output;
  }

  const shifted = Float64Array.from(liveIndices, (i) => (values[i] as number) - maxFinite);
  const projected = projectFinite(shifted);
  liveIndices.forEach((i, position) => {
    output[i] = projected[position] as number;
  });
  return output;
}

function sparsemaxOfFinite(z: Float64Array): Float64Array {
  const sorted = Float64Array.from(z).sort().reverse();

  let cumulativeSum = 0;
  let supportSum = 0;
  let supportSize = 0;
  for (let k = 1; k <= sorted.length; k++) {
    const zk = sorted[k - 1] as number;
    cumulativeSum += zk;
    if (1 + k * zk > cumulativeSum) {
      supportSize = k;
      supportSum = cumulativeSum;
    }
  }

  // k = 1 always qualifies (1 + z(1) > z(1)), so supportSize ≥ 1 for a non-empty row.
  const tau = (supportSum - 1) / supportSize;
  return z.map((value) => Math.max(value - tau, 0));
}

function entmax15OfFinite(x: Float64Array): Float64Array {
  const y = x.map((value) => value / 2);
  const sorted = Float64Array.from(y).sort().reverse();

  // Welford's update gives the mean and the sum of squared deviations of the k largest entries
  // without the cancellation of sum(y²)/k − mean², which the textbook formula suffers from.
  let mean = 0;
  let squaredDeviations = 0;
  let tau = Number.NaN;
  for (let k = 1; k <= sorted.length; k++) {
    const yk = sorted[k - 1] as number;
    const previousMean = mean;
    mean += (yk - previousMean) / k;
    squaredDeviations += (yk - previousMean) * (yk - mean);

    const candidate = mean - Math.sqrt(Math.max((1 - squaredDeviations) / k, 0));
    if (candidate <= yk) tau = candidate;
  }

  // τ(1) = y(1) − 1 ≤ y(1), so tau is set for a non-empty row.
  return y.map((value) => Math.max(value - tau, 0) ** 2);
}
