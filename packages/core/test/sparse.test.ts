import { describe, expect, it } from '@jest/globals';

import { entmax15, FLOAT32_LOWEST, sparsemax } from '../src/index.js';
import { createRandom, integer, pick, uniform } from './support/random.js';

// The library sorts once and the independent check below bisects for τ, so their float64 results
// differ only by rounding: 1e-12 absolute on probabilities is ample.
const FLOAT64_TOLERANCE = 1e-12;

// ---------------------------------------------------------------------------------------------
// Independent float64 implementation, written from the definitions and sharing no library code:
// both maps are p = max(c·x − τ, 0)^power with the τ that makes p sum to 1, and that sum falls
// monotonically in τ, so bisection finds τ without sorting.

interface ThresholdMap {
  /** c in p = max(c·x − τ, 0)^power. */
  inputFactor: number;
  power: number;
}

const SPARSEMAX_MAP: ThresholdMap = { inputFactor: 1, power: 1 };
const ENTMAX15_MAP: ThresholdMap = { inputFactor: 0.5, power: 2 };

function independentThreshold(scores: number[], map: ThresholdMap): number {
  const y = scores.map((x) => map.inputFactor * x);
  const total = (tau: number) => y.reduce((sum, value) => sum + Math.max(value - tau, 0) ** map.power, 0);

  // At τ = max − 1 the largest entry alone contributes 1, and at τ = max every entry contributes 0.
  let low = Math.max(...y) - 1;
  let high = Math.max(...y);
  for (let iteration = 0; iteration < 200; iteration++) {
    const middle = (low + high) / 2;
    if (total(middle) >= 1) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

function independentProjection(scores: number[], map: ThresholdMap): number[] {
  const tau = independentThreshold(scores, map);
  return scores.map((x) => Math.max(map.inputFactor * x - tau, 0) ** map.power);
}

/** Draws a random point of the probability simplex with `length` entries, some of them exactly 0. */
function randomSimplexPoint(random: () => number, length: number): number[] {
  const weights = Array.from({ length }, () => (random() < 0.2 ? 0 : -Math.log(1 - random())));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) return weights.map((_, i) => (i === 0 ? 1 : 0));
  return weights.map((weight) => weight / total);
}

/** Draws rows of 1 to 12 finite scores at several scales, with repeated values in some rows. */
function randomRows(seed: number, count: number): number[][] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const length = integer(random, 1, 12);
    const scale = pick(random, [0.05, 0.5, 1, 3, 30]);
    const row = Array.from({ length }, () => scale * uniform(random, -2, 2));
    if (length > 2 && random() < 0.3) row[1] = row[0] as number;
    return row;
  });
}

// ---------------------------------------------------------------------------------------------

function expectCloseArrays(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs((actual[i] as number) - (expected[i] as number));
    expect({ index: i, difference, withinTolerance: difference <= tolerance }).toMatchObject({ withinTolerance: true });
  }
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] as number;
  return total;
}

function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += ((a[i] as number) - (b[i] as number)) ** 2;
  return total;
}

/** p·x plus the Tsallis 1.5-entropy (4/3)·Σ (p − p^1.5), the objective that 1.5-entmax maximizes. */
function entmax15Objective(p: ArrayLike<number>, scores: number[]): number {
  let total = 0;
  scores.forEach((x, i) => {
    const probability = p[i] as number;
    total += probability * x + (4 / 3) * (probability - probability ** 1.5);
  });
  return total;
}

const MAPS = [
  { name: 'sparsemax', compute: sparsemax, independent: SPARSEMAX_MAP },
  { name: 'entmax15', compute: entmax15, independent: ENTMAX15_MAP },
] as const;

describe('sparsemax', () => {
  it('matches the two-entry closed form', () => {
    // sparsemax([a, b]) = [clip((a − b + 1) / 2, 0, 1), its complement].
    for (let a = -3; a <= 3; a += 0.125) {
      for (const b of [-1.5, 0, 0.25, 2]) {
        const expectedFirst = Math.min(1, Math.max(0, (a - b + 1) / 2));
        expectCloseArrays(sparsemax([a, b]), [expectedFirst, 1 - expectedFirst], 1e-15);
      }
    }
  });

  it('matches a worked three-entry example', () => {
    // Sorted 1, 0.5, −1: k = 2 is the largest k with 1 + k·z(k) > z(1) + … + z(k), so τ = (1.5 − 1) / 2.
    expectCloseArrays(sparsemax([0.5, -1, 1]), [0.25, 0, 0.75], 1e-15);
  });

  it('is the Euclidean projection onto the simplex', () => {
    const random = createRandom(11);
    for (const row of randomRows(5, 200)) {
      const projection = sparsemax(row);
      const distance = squaredDistance(projection, row);
      for (let trial = 0; trial < 20; trial++) {
        const other = randomSimplexPoint(random, row.length);
        expect(distance).toBeLessThanOrEqual(squaredDistance(other, row) + 1e-12);
      }
    }
  });

  it('zeros exactly the entries at or below τ', () => {
    for (const row of randomRows(6, 200)) {
      const tau = independentThreshold(row, SPARSEMAX_MAP);
      const output = sparsemax(row);
      row.forEach((x, i) => {
        // Entries within rounding distance of τ may land on either side.
        if (Math.abs(x - tau) < 1e-9) return;
        if (x < tau) expect(output[i]).toBe(0);
        else expect(output[i]).toBeGreaterThan(0);
      });
    }
  });

  it('becomes one-hot for a large gap', () => {
    expect(Array.from(sparsemax([3, 1.9, -5]))).toEqual([1, 0, 0]);
  });
});

describe('entmax15', () => {
  it('matches the two-entry closed form', () => {
    // With t = a − b: entmax15([a, b])[0] = ((t + sqrt(8 − t²)) / 4)² for |t| ≤ 2, else 1 or 0.
    for (let a = -3; a <= 3; a += 0.125) {
      for (const b of [-1.5, 0, 0.25, 2]) {
        const t = a - b;
        let expectedFirst = t > 0 ? 1 : 0;
        if (Math.abs(t) <= 2) expectedFirst = ((t + Math.sqrt(8 - t * t)) / 4) ** 2;
        expectCloseArrays(entmax15([a, b]), [expectedFirst, 1 - expectedFirst], FLOAT64_TOLERANCE);
      }
    }
  });

  it('maximizes p·x plus the Tsallis entropy', () => {
    const random = createRandom(12);
    for (const row of randomRows(7, 200)) {
      const objective = entmax15Objective(entmax15(row), row);
      for (let trial = 0; trial < 20; trial++) {
        const other = randomSimplexPoint(random, row.length);
        expect(objective).toBeGreaterThanOrEqual(entmax15Objective(other, row) - 1e-12);
      }
    }
  });

  it('zeros exactly the entries at or below 2τ', () => {
    for (const row of randomRows(8, 200)) {
      const tau = independentThreshold(row, ENTMAX15_MAP);
      const output = entmax15(row);
      row.forEach((x, i) => {
        if (Math.abs(x / 2 - tau) < 1e-9) return;
        if (x / 2 < tau) expect(output[i]).toBe(0);
        else expect(output[i]).toBeGreaterThan(0);
      });
    }
  });

  it('keeps entries that sparsemax drops', () => {
    // y = x/2 = [0.5, 0.25, −0.5]: the support is the two largest entries, τ = (0.75 − sqrt(2 − 0.0625)) / 2.
    const tau = (0.75 - Math.sqrt(2 - 0.0625)) / 2;
    expectCloseArrays(entmax15([1, 0.5, -1]), [(0.5 - tau) ** 2, (0.25 - tau) ** 2, 0], FLOAT64_TOLERANCE);

    // On [1, 0.5, −0.5] sparsemax drops the last entry (1 + 3·(−0.5) < 1), while 1.5-entmax keeps it.
    expect(sparsemax([1, 0.5, -0.5])[2]).toBe(0);
    expect(entmax15([1, 0.5, -0.5])[2]).toBeGreaterThan(0);
  });
});

describe.each(MAPS)('$name', ({ compute, independent }) => {
  it('matches bisection on random rows', () => {
    for (const row of randomRows(21, 500)) {
      expectCloseArrays(compute(row), independentProjection(row, independent), FLOAT64_TOLERANCE);
    }
  });

  it('sums to 1 and keeps the order of the scores', () => {
    for (const row of randomRows(22, 300)) {
      const output = compute(row);
      expect(Math.abs(sum(output) - 1)).toBeLessThanOrEqual(FLOAT64_TOLERANCE);
      for (let i = 0; i < row.length; i++) {
        for (let j = 0; j < row.length; j++) {
          if ((row[i] as number) > (row[j] as number)) expect(output[i]).toBeGreaterThanOrEqual(output[j] as number);
        }
      }
    }
  });

  it('is invariant to adding a constant', () => {
    const random = createRandom(23);
    for (const row of randomRows(24, 200)) {
      const shift = pick(random, [-100, -1.5, 0.75, 1000]);
      expectCloseArrays(compute(row.map((x) => x + shift)), compute(row), 1e-9);
    }
  });

  it('permutes with its input', () => {
    for (const row of randomRows(25, 200)) {
      const reversed = [...row].reverse();
      expectCloseArrays(Array.from(compute(reversed)).reverse(), compute(row), 1e-15);
    }
  });

  it('gives a uniform row for equal scores', () => {
    expectCloseArrays(compute([0.3, 0.3, 0.3, 0.3]), [0.25, 0.25, 0.25, 0.25], 1e-15);
    expect(Array.from(compute([-7]))).toEqual([1]);
    expect(Array.from(compute([]))).toEqual([]);
  });

  it('gives masked entries exactly 0', () => {
    const masked = [Number.NEGATIVE_INFINITY, -3.4028235e38, Math.fround(-3.4028235e38), FLOAT32_LOWEST];
    for (const maskValue of masked) {
      const output = compute([0.5, maskValue, -0.25]);
      expect(output[1]).toBe(0);
      expectCloseArrays([output[0] as number, output[2] as number], compute([0.5, -0.25]), 0);
    }
    expect(Array.from(compute(masked))).toEqual([0, 0, 0, 0]);
  });

  it('shares the probability among +Infinity entries', () => {
    expect(Array.from(compute([Number.POSITIVE_INFINITY, 1e30, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]))).toEqual([
      0.5, 0, 0.5, 0,
    ]);
  });

  it('propagates NaN to unmasked entries', () => {
    const output = Array.from(compute([1, Number.NaN, Number.NEGATIVE_INFINITY, 2]));
    expect(output[0]).toBeNaN();
    expect(output[1]).toBeNaN();
    expect(output[2]).toBe(0);
    expect(output[3]).toBeNaN();
  });

  it('stays finite for scores near the float32 limits', () => {
    const output = compute([3e38, -3e38, 3e38 - 1e23, 0]);
    expect(Math.abs(sum(output) - 1)).toBeLessThanOrEqual(FLOAT64_TOLERANCE);
    expect(output.every(Number.isFinite)).toBe(true);
  });
});
