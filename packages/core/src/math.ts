/**
 * Reference math for MultiMax(x, mask) = Softmax(σ(x) + mask) in float64.
 *
 * Masking: a score or mask entry ≤ FLOAT32_LOWEST (−3.4028235e38, −Infinity included) masks the
 * entry, which then gets probability exactly 0, and a row with every entry masked gives all zeros.
 * Larger negative masks such as −10000 are ordinary additive values.
 */

import { type CompiledModulator, compileModulator, modulateValue } from './modulator.js';
import type { ModulatorParams } from './params.js';

/** The lowest finite float32 value, −3.4028234663852886e38, which models use as a "masked" score. */
export const FLOAT32_LOWEST = -3.4028234663852886e38;

/**
 * Returns whether a score or mask entry masks its position. The float32 value is the threshold,
 * so both the float64 literal −3.4028235e38 and the same value read from a Float32Array count.
 */
export function isMaskedValue(value: number): boolean {
  return value <= FLOAT32_LOWEST;
}

/**
 * Applies σ elementwise in float64. NaN stays NaN, and ±Infinity maps to the limit of σ in that
 * direction. Throws ParamsValidationError when `params` is invalid.
 */
export function modulate(values: ArrayLike<number>, params: ModulatorParams): Float64Array {
  const modulator = compileModulator(params);
  const output = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) output[i] = modulateValue(modulator, values[i] as number);
  return output;
}

/**
 * Computes MultiMax over one row: Softmax(σ(values) + mask).
 *
 * Masked entries (see isMaskedValue) get probability exactly 0, and a fully masked row gives all
 * zeros. Otherwise an entry whose σ(x) + mask is −Infinity gets 0. Entries equal to +Infinity
 * share the probability equally. A NaN anywhere makes every entry without −Infinity NaN.
 * Subtracting the maximum after σ keeps exp finite for any finite scores.
 */
export function multimax(values: ArrayLike<number>, params: ModulatorParams, mask?: ArrayLike<number>): Float64Array {
  checkMaskLength(values.length, mask);

  const modulator = compileModulator(params);
  const output = new Float64Array(values.length);
  computeRow(values, mask, 0, values.length, modulator, new Float64Array(values.length), output);
  return output;
}

/** Computes Softmax(values + mask) over one row, with the masking and non-finite rules of multimax. */
export function softmax(values: ArrayLike<number>, mask?: ArrayLike<number>): Float64Array {
  checkMaskLength(values.length, mask);

  const output = new Float64Array(values.length);
  computeRow(values, mask, 0, values.length, undefined, new Float64Array(values.length), output);
  return output;
}

/**
 * Computes MultiMax over the last axis of a row-major tensor, in float64 per row, and returns
 * float32 results. `mask`, when given, must have the same shape as `data`, so callers broadcast a
 * mask such as [batch, 1, 1, keys] to the full shape first.
 */
export function multimaxLastAxis(
  data: Float32Array,
  shape: readonly number[],
  params: ModulatorParams,
  mask?: Float32Array,
): Float32Array {
  checkShape(data.length, shape);
  if (mask !== undefined && mask.length !== data.length) {
    throw new RangeError(
      `mask has ${mask.length} elements but data has ${data.length}; broadcast the mask to the data shape [${shape.join(', ')}] first`,
    );
  }

  const modulator = compileModulator(params);
  const output = new Float32Array(data.length);
  const rowLength = shape[shape.length - 1] ?? 0;
  if (rowLength === 0) return output;

  const logits = new Float64Array(rowLength);
  for (let offset = 0; offset < data.length; offset += rowLength) {
    computeRow(data, mask, offset, rowLength, modulator, logits, output);
  }
  return output;
}

function checkMaskLength(valueCount: number, mask: ArrayLike<number> | undefined): void {
  if (mask !== undefined && mask.length !== valueCount) {
    throw new RangeError(`mask has ${mask.length} entries but the row has ${valueCount}; pass one mask entry per score`);
  }
}

function checkShape(elementCount: number, shape: readonly number[]): void {
  if (shape.length === 0) {
    throw new RangeError('shape is empty; pass at least one dimension, the last one being the Softmax axis');
  }

  let product = 1;
  for (const dimension of shape) {
    if (!Number.isInteger(dimension) || dimension < 0) {
      throw new RangeError(`shape [${shape.join(', ')}] is invalid; every dimension must be a non-negative integer`);
    }
    product *= dimension;
  }
  if (product !== elementCount) {
    throw new RangeError(`shape [${shape.join(', ')}] has ${product} elements but data has ${elementCount}`);
  }
}

/**
 * Writes the probabilities of `values[offset, offset + length)` to the same positions of `output`.
 * `logits` is scratch space with at least `length` entries. Without a modulator σ is the identity.
 */
function computeRow(
  values: ArrayLike<number>,
  mask: ArrayLike<number> | undefined,
  offset: number,
  length: number,
  modulator: CompiledModulator | undefined,
  logits: Float64Array,
  output: Float64Array | Float32Array,
): void {
  let hasNaN = false;
  let positiveInfinityCount = 0;
  let maxFinite = Number.NEGATIVE_INFINITY;

  // Step 1: logits = σ(x) + mask. Masked entries become −Infinity without evaluating σ.
  for (let i = 0; i < length; i++) {
    const score = values[offset + i] as number;
    const maskValue = mask === undefined ? 0 : (mask[offset + i] as number);

    let logit: number;
    if (isMaskedValue(score) || isMaskedValue(maskValue)) {
      logit = Number.NEGATIVE_INFINITY;
    } else {
      logit = (modulator === undefined ? score : modulateValue(modulator, score)) + maskValue;
    }
    logits[i] = logit;

    if (Number.isNaN(logit)) hasNaN = true;
    else if (logit === Number.POSITIVE_INFINITY) positiveInfinityCount++;
    else if (logit > maxFinite) maxFinite = logit;
  }

  // Step 2: the special rows, where exp cannot be normalized by the finite maximum.
  if (hasNaN || positiveInfinityCount > 0 || maxFinite === Number.NEGATIVE_INFINITY) {
    for (let i = 0; i < length; i++) {
      const logit = logits[i] as number;
      let probability = 0;
      if (hasNaN) probability = logit === Number.NEGATIVE_INFINITY ? 0 : Number.NaN;
      else if (logit === Number.POSITIVE_INFINITY) probability = 1 / positiveInfinityCount;
      output[offset + i] = probability;
    }
    return;
  }

  // Step 3: the numerically stable softmax over the finite logits.
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const exponential = Math.exp((logits[i] as number) - maxFinite);
    logits[i] = exponential;
    sum += exponential;
  }
  for (let i = 0; i < length; i++) output[offset + i] = (logits[i] as number) / sum;
}
