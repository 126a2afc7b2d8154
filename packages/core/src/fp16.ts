/**
 * The input range in which σ can run in float16 without overflow. σ is piecewise quadratic in x,
 * so the range edges are exact roots of quadratics, found segment by segment from x = 0 outwards.
 */

import { compileModulator } from './modulator.js';
import type { ModulatorParams } from './params.js';

/** The largest finite float16 value. */
export const FP16_MAX = 65504;

/** Polynomial c0 + c1·x + c2·x² in the input x. */
type Quadratic = readonly [number, number, number];

interface Modulator {
  readonly ranges: readonly number[];
  readonly ts: readonly number[];
  readonly scale: number;
  readonly bias: number;
}

/**
 * Returns the interval [min, max] around x = 0 in which every value of the σ computation stays
 * within ±FP16_MAX, in exact arithmetic. The checked values are x, scale·x, y = scale·x + bias,
 * each active relu output m = max(·, 0), ts·m, each term ts·m or ts·m², and σ(x).
 *
 * The square terms usually overflow first: ts[3]·(y − ranges[3])² passes 65504 once
 * |y − ranges[3]| > sqrt(65504 / |ts[3]|). With identity params the range is ±65504, and when σ(0)
 * already overflows the range is empty, returned as min = +Infinity and max = −Infinity.
 * Throws ParamsValidationError when `params` is invalid.
 *
 * NOTE: the square term is assumed to be computed as (ts·m)·m. A graph that computes m·m first
 * overflows once m > sqrt(65504) ≈ 255.9 whatever ts is, which this range does not cover.
 */
export function fp16SafeInputRange(params: ModulatorParams): { min: number; max: number } {
  const modulator: Modulator = compileModulator(params);

  const quantitiesAtZero = quantitiesOnSegment(modulator, 0);
  if (quantitiesAtZero.some((q) => Math.abs(q[0]) > FP16_MAX)) {
    return { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
  }

  // Mirroring x → −x turns the search to the left into a search to the right with −scale.
  const max = findUpperEdge(modulator);
  const min = -findUpperEdge({ ...modulator, scale: -modulator.scale });
  return { min, max };
}

/** Returns the first x ≥ 0 at which a checked value reaches ±FP16_MAX. */
function findUpperEdge(modulator: Modulator): number {
  const breakpoints = activeIndices(modulator)
    .map((k) => ((modulator.ranges[k] ?? 0) - modulator.bias) / modulator.scale)
    .filter((x) => Number.isFinite(x) && x > 0)
    .sort((a, b) => a - b);
  const segmentEnds = [...new Set(breakpoints), Number.POSITIVE_INFINITY];

  let segmentStart = 0;
  for (const segmentEnd of segmentEnds) {
    // Inside a segment every relu keeps its active or inactive state, so each value is one quadratic.
    const probe = Number.isFinite(segmentEnd) ? (segmentStart + segmentEnd) / 2 : segmentStart + 1;
    let edge = Number.POSITIVE_INFINITY;
    for (const quantity of quantitiesOnSegment(modulator, probe)) {
      for (const bound of [FP16_MAX, -FP16_MAX]) {
        const root = firstRootInInterval(quantity, bound, segmentStart, segmentEnd);
        if (root < edge) edge = root;
      }
    }
    if (Number.isFinite(edge)) return edge;
    segmentStart = segmentEnd;
  }

  // Unreachable because x itself reaches FP16_MAX, but kept as a safe bound.
  return FP16_MAX;
}

/** Indices k of the terms with nonzero ts[k], the only ones whose relu exists in a graph. */
function activeIndices(modulator: Modulator): number[] {
  return [0, 1, 2, 3].filter((k) => (modulator.ts[k] ?? 0) !== 0);
}

/** Returns the checked values as quadratics in x, valid on the segment that contains `probe`. */
function quantitiesOnSegment(modulator: Modulator, probe: number): Quadratic[] {
  const { scale, bias } = modulator;
  const y: Quadratic = [bias, scale, 0];
  const quantities: Quadratic[] = [[0, 1, 0], [0, scale, 0], y];
  let sigma: Quadratic = y;

  const yAtProbe = scale * probe + bias;
  for (const k of activeIndices(modulator)) {
    const threshold = modulator.ranges[k] ?? 0;
    const t = modulator.ts[k] ?? 0;
    const isLowerTerm = k % 2 === 0;

    // The relu is zero, and so is its term, on the side of the threshold where it is inactive.
    const isActive = isLowerTerm ? yAtProbe < threshold : yAtProbe > threshold;
    if (!isActive) continue;

    const reluOutput: Quadratic = isLowerTerm ? [threshold - bias, -scale, 0] : [bias - threshold, scale, 0];
    const scaledRelu = scaleQuadratic(reluOutput, t);
    const term = k < 2 ? scaledRelu : multiplyLinear(scaledRelu, reluOutput);
    quantities.push(reluOutput, scaledRelu, term);
    sigma = addQuadratics(sigma, term);
  }

  quantities.push(sigma);
  return quantities;
}

function scaleQuadratic(q: Quadratic, factor: number): Quadratic {
  return [q[0] * factor, q[1] * factor, q[2] * factor];
}

function addQuadratics(a: Quadratic, b: Quadratic): Quadratic {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

/** Multiplies two linear polynomials (c2 = 0) into a quadratic. */
function multiplyLinear(a: Quadratic, b: Quadratic): Quadratic {
  return [a[0] * b[0], a[0] * b[1] + a[1] * b[0], a[1] * b[1]];
}

/**
 * Returns the smallest x in [start, end] with q(x) = target, or +Infinity when there is none.
 * Roots a rounding error below `start` count as `start`, since q(start) is known to be in range.
 */
function firstRootInInterval(q: Quadratic, target: number, start: number, end: number): number {
  const [c0, c1, c2] = [q[0] - target, q[1], q[2]];
  const roots: number[] = [];

  if (c2 === 0) {
    if (c1 !== 0) roots.push(-c0 / c1);
  } else {
    const discriminant = c1 * c1 - 4 * c2 * c0;
    if (discriminant >= 0) {
      // The stable form avoids cancellation between −c1 and the square root.
      const half = -0.5 * (c1 + Math.sign(c1 || 1) * Math.sqrt(discriminant));
      roots.push(half / c2);
      if (half !== 0) roots.push(c0 / half);
    }
  }

  const tolerance = 1e-9 * Math.max(1, Math.abs(start));
  let first = Number.POSITIVE_INFINITY;
  for (const root of roots) {
    if (root >= start - tolerance && root <= end && root < first) first = Math.max(root, start);
  }
  return first;
}
