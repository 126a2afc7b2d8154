import { describe, expect, it } from '@jest/globals';

import {
  FLOAT32_LOWEST,
  isMaskedValue,
  type ModulatorParams,
  modulate,
  multimax,
  ParamsValidationError,
  softmax,
} from '../src/index.js';
import { createRandom, integer, pick, uniform } from './support/random.js';

// Float64 results of the library and of the independent implementation below differ only by
// summation order, so 1e-12 absolute on probabilities (and 1e-12 relative on σ) is ample.
const FLOAT64_TOLERANCE = 1e-12;

const MASK_CHOICES = [0, 0, 0, 0, -1, -10000, Number.NEGATIVE_INFINITY, -3.4028235e38, Math.fround(-3.4028235e38)];

// ---------------------------------------------------------------------------------------------
// Independent float64 implementation, written from the definition and sharing no library code.

function relu(value: number): number {
  return Math.max(value, 0);
}

function independentSigma(x: number, ranges: number[], ts: number[], scale = 1, bias = 0): number {
  const y = scale * x + bias;
  let sigma = y + (ts[0] ?? 0) * relu((ranges[0] ?? 0) - y) + (ts[1] ?? 0) * relu(y - (ranges[1] ?? 0));
  if (ts.length === 4) {
    sigma += (ts[2] ?? 0) * relu((ranges[2] ?? 0) - y) ** 2 + (ts[3] ?? 0) * relu(y - (ranges[3] ?? 0)) ** 2;
  }
  return sigma;
}

/** Softmax(σ(x) + mask) for finite scores, where a mask entry of −Infinity or the float32 lowest value masks. */
function independentMultimax(scores: number[], params: ModulatorParams, mask?: number[]): number[] {
  const masked = scores.map((_, i) => (mask?.[i] ?? 0) <= -3.4028234663852886e38);
  const logits = scores.map((x, i) => independentSigma(x, params.ranges, params.ts, params.scale, params.bias) + (mask?.[i] ?? 0));

  const liveLogits = logits.filter((_, i) => !masked[i]);
  if (liveLogits.length === 0) return scores.map(() => 0);

  const maxLogit = Math.max(...liveLogits);
  const weights = logits.map((logit, i) => (masked[i] ? 0 : Math.exp(logit - maxLogit)));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

// ---------------------------------------------------------------------------------------------

interface RandomCase {
  scores: number[];
  params: ModulatorParams;
  mask: number[] | undefined;
}

function randomParams(random: () => number): ModulatorParams {
  const secondOrder = random() < 0.5;
  const ranges = [uniform(random, -3, 0), uniform(random, 0, 3)];
  const ts = [uniform(random, -1.5, 1.5), uniform(random, -1.5, 1.5)];
  if (secondOrder) {
    ranges.push(uniform(random, -4, 0), uniform(random, 0, 4));
    ts.push(uniform(random, -0.3, 0.3), uniform(random, -0.3, 0.3));
  }

  const params: ModulatorParams = { ranges, ts };
  if (random() < 0.3) params.scale = pick(random, [0.25, 0.5, 2, -1, uniform(random, 0.1, 3)]);
  if (random() < 0.3) params.bias = uniform(random, -2, 2);
  return params;
}

function randomCase(random: () => number): RandomCase {
  const length = integer(random, 1, 12);
  const scores = Array.from({ length }, () => uniform(random, -6, 6));
  const params = randomParams(random);

  let mask: number[] | undefined;
  const maskKind = random();
  if (maskKind < 0.1) {
    mask = scores.map(() => pick(random, [Number.NEGATIVE_INFINITY, -3.4028235e38, Math.fround(-3.4028235e38)]));
  } else if (maskKind < 0.75) {
    mask = scores.map(() => pick(random, MASK_CHOICES));
  }
  return { scores, params, mask };
}

function expectCloseArrays(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs((actual[i] as number) - (expected[i] as number));
    expect({ index: i, difference, withinTolerance: difference <= tolerance }).toMatchObject({ withinTolerance: true });
  }
}

const SECOND_ORDER: ModulatorParams = { ranges: [-1, 1, -2, 2], ts: [-1, 0.1, -0.2, 0.02] };
const FIRST_ORDER: ModulatorParams = { ranges: [-1.2, 0.8], ts: [-0.9, -0.3] };
const IDENTITY: ModulatorParams = { ranges: [0, 0], ts: [0, 0] };

describe('modulate', () => {
  it('matches independent σ on random cases', () => {
    const random = createRandom(20240601);
    for (let caseIndex = 0; caseIndex < 300; caseIndex++) {
      const { scores, params } = randomCase(random);
      const expected = scores.map((x) => independentSigma(x, params.ranges, params.ts, params.scale, params.bias));
      const actual = modulate(scores, params);

      for (let i = 0; i < scores.length; i++) {
        const tolerance = FLOAT64_TOLERANCE * Math.max(1, Math.abs(expected[i] as number));
        expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThanOrEqual(tolerance);
      }
    }
  });

  it('is the identity for all-zero ts', () => {
    const values = [-3.5, 0, 2.25, 1e4];
    expect(Array.from(modulate(values, IDENTITY))).toEqual(values);
    expect(Array.from(modulate(values, { ranges: [-1, 1, -2, 2], ts: [0, 0, 0, 0] }))).toEqual(values);
  });

  it('maps infinities to the limits of σ', () => {
    const cases: { params: ModulatorParams; input: number; expected: number }[] = [
      { params: IDENTITY, input: Number.POSITIVE_INFINITY, expected: Number.POSITIVE_INFINITY },
      { params: IDENTITY, input: Number.NEGATIVE_INFINITY, expected: Number.NEGATIVE_INFINITY },
      // Slope 1 + ts[1] = 0 above ranges[1], so σ settles at ranges[1].
      { params: { ranges: [0, 5], ts: [0, -1] }, input: Number.POSITIVE_INFINITY, expected: 5 },
      // Slope 1 − ts[0] = 0 below ranges[0], so σ settles at ranges[0].
      { params: { ranges: [-3, 5], ts: [1, 0] }, input: Number.NEGATIVE_INFINITY, expected: -3 },
      // Slope 1 − ts[0] = −1 below ranges[0], so σ tends to +∞ as x tends to −∞.
      { params: { ranges: [-3, 5], ts: [2, 0] }, input: Number.NEGATIVE_INFINITY, expected: Number.POSITIVE_INFINITY },
      // The square terms decide: ts[2] = −0.2 < 0 and ts[3] = 0.02 > 0.
      { params: SECOND_ORDER, input: Number.NEGATIVE_INFINITY, expected: Number.NEGATIVE_INFINITY },
      { params: SECOND_ORDER, input: Number.POSITIVE_INFINITY, expected: Number.POSITIVE_INFINITY },
      // A negative scale swaps the directions, and a zero scale maps everything to the bias.
      { params: { ...SECOND_ORDER, scale: -1 }, input: Number.POSITIVE_INFINITY, expected: Number.NEGATIVE_INFINITY },
      { params: { ranges: [0, 0], ts: [0.5, 0.5], scale: 0, bias: 0.25 }, input: Number.POSITIVE_INFINITY, expected: 0.375 },
    ];

    for (const { params, input, expected } of cases) {
      expect(modulate([input], params)[0]).toBe(expected);
    }
  });

  it('propagates NaN', () => {
    expect(modulate([Number.NaN], SECOND_ORDER)[0]).toBeNaN();
  });

  it('rejects invalid params', () => {
    expect(() => modulate([1], { ranges: [0, 0, 0], ts: [0, 0] })).toThrow(ParamsValidationError);
    expect(() => modulate([1], { ranges: [0, 0], ts: [0, Number.NaN] })).toThrow(ParamsValidationError);
  });
});

describe('multimax', () => {
  it('matches independent implementation on random rows', () => {
    const random = createRandom(7);
    let fullyMaskedRows = 0;

    for (let caseIndex = 0; caseIndex < 500; caseIndex++) {
      const { scores, params, mask } = randomCase(random);
      const expected = independentMultimax(scores, params, mask);
      const actual = multimax(scores, params, mask);
      expectCloseArrays(actual, expected, FLOAT64_TOLERANCE);

      // Masked positions are exactly zero, not just small.
      mask?.forEach((maskValue, i) => {
        if (maskValue <= -3.4028234663852886e38) expect(actual[i]).toBe(0);
      });
      if (expected.every((p) => p === 0)) fullyMaskedRows++;
    }

    // The generator must have produced fully masked rows for the check above to cover them.
    expect(fullyMaskedRows).toBeGreaterThan(10);
  });

  it('equals softmax for identity params', () => {
    const random = createRandom(99);
    for (let caseIndex = 0; caseIndex < 100; caseIndex++) {
      const { scores, mask } = randomCase(random);
      expectCloseArrays(multimax(scores, IDENTITY, mask), softmax(scores, mask), 0);
      expectCloseArrays(multimax(scores, { ranges: [1, 2, 3, 4], ts: [0, 0, 0, 0] }, mask), softmax(scores, mask), 0);
    }
  });

  it('gives zeros for fully masked rows', () => {
    const scores = [1, 2, 3];
    const masks = [
      [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
      [-3.4028235e38, -3.4028235e38, -3.4028235e38],
      Array.from(new Float32Array([-3.4028235e38, -3.4028235e38, -3.4028235e38])),
      [Number.NEGATIVE_INFINITY, -3.4028235e38, FLOAT32_LOWEST],
    ];

    for (const mask of masks) {
      expect(Array.from(multimax(scores, SECOND_ORDER, mask))).toEqual([0, 0, 0]);
      expect(Array.from(softmax(scores, mask))).toEqual([0, 0, 0]);
    }
  });

  it('treats -10000 masks as additive', () => {
    // A uniform −10000 shifts every logit equally, which Softmax ignores.
    const scores = [0.5, -1, 2];
    const shifted = multimax(scores, SECOND_ORDER, [-10000, -10000, -10000]);
    expectCloseArrays(shifted, multimax(scores, SECOND_ORDER), FLOAT64_TOLERANCE);

    // A smaller additive mask leaves a small but nonzero probability.
    const partlyMasked = multimax(scores, SECOND_ORDER, [0, -10, 0]);
    expect(partlyMasked[1]).toBeGreaterThan(0);
    expect(partlyMasked[1]).toBeLessThan(1e-4);
  });

  it('applies σ before the mask', () => {
    // σ(−10000 + 0) with ts[2] = 0.5 would be huge and positive, so masking first would invert the mask.
    const params: ModulatorParams = { ranges: [0, 0, 0, 0], ts: [0, 0, 0.5, 0] };
    const probabilities = multimax([0, 1], params, [-10000, 0]);
    expect(probabilities[0]).toBe(0);
    expect(probabilities[1]).toBe(1);
  });

  it('stays finite for huge scores', () => {
    const scores = [1e4, -1e4, 0, 5e3];
    for (const params of [IDENTITY, FIRST_ORDER, SECOND_ORDER, { ...SECOND_ORDER, scale: 3, bias: -2 }]) {
      const probabilities = multimax(scores, params);
      const total = Array.from(probabilities).reduce((sum, p) => sum + p, 0);

      expect(probabilities.some((p) => Number.isNaN(p))).toBe(false);
      expect(Math.abs(total - 1)).toBeLessThanOrEqual(FLOAT64_TOLERANCE);
      expectCloseArrays(probabilities, independentMultimax(scores, params), FLOAT64_TOLERANCE);
    }

    expect(Array.from(softmax(scores))).toEqual([1, 0, 0, 0]);
  });

  it('splits overflowing σ values equally', () => {
    // σ(1e300) and σ(2e300) overflow to +Infinity with a positive square coefficient, so both share the mass.
    const params: ModulatorParams = { ranges: [0, 0, 0, 0], ts: [0, 0, 1, 1] };
    expect(Array.from(multimax([1e300, 0, 2e300], params))).toEqual([0.5, 0, 0.5]);

    // A score below the float32 lowest value counts as masked, whatever σ would make of it.
    expect(Array.from(multimax([1e300, 0, -1e300], params))).toEqual([1, 0, 0]);
  });

  it('gives -Infinity scores probability 0', () => {
    // σ(−∞) is +∞ here (ts[2] > 0), but a −Infinity score means masked.
    const params: ModulatorParams = { ranges: [0, 0, 0, 0], ts: [0, 0, 1, 0] };
    expect(Array.from(multimax([Number.NEGATIVE_INFINITY, 1, 2], params))).toEqual(
      Array.from(multimax([0, 1, 2], params, [Number.NEGATIVE_INFINITY, 0, 0])),
    );
    expect(multimax([Number.NEGATIVE_INFINITY, 1, 2], params)[0]).toBe(0);
    expect(Array.from(multimax([Number.NEGATIVE_INFINITY, -3.4028235e38], params))).toEqual([0, 0]);
    expect(Array.from(softmax([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]))).toEqual([0, 0]);
  });

  it('propagates NaN scores except to masked entries', () => {
    const probabilities = multimax([Number.NaN, 1, 2], SECOND_ORDER, [0, 0, Number.NEGATIVE_INFINITY]);
    expect(probabilities[0]).toBeNaN();
    expect(probabilities[1]).toBeNaN();
    expect(probabilities[2]).toBe(0);
  });

  it('handles +Infinity scores by their σ limit', () => {
    expect(Array.from(softmax([Number.POSITIVE_INFINITY, 1, Number.POSITIVE_INFINITY]))).toEqual([0.5, 0, 0.5]);

    // With a flat segment above ranges[1] = 5, σ(+∞) = 5 = σ(5), so both entries are equal.
    const flatAbove: ModulatorParams = { ranges: [0, 5], ts: [0, -1] };
    expect(Array.from(multimax([Number.POSITIVE_INFINITY, 5], flatAbove))).toEqual([0.5, 0.5]);
  });

  it('rejects masks of another length', () => {
    expect(() => multimax([1, 2], IDENTITY, [0])).toThrow(RangeError);
    expect(() => softmax([1, 2], [0, 0, 0])).toThrow(RangeError);
  });

  it('returns an empty row for empty input', () => {
    expect(multimax([], SECOND_ORDER).length).toBe(0);
    expect(softmax([]).length).toBe(0);
  });
});

describe('isMaskedValue', () => {
  it('uses the float32 lowest value as threshold', () => {
    expect(isMaskedValue(Number.NEGATIVE_INFINITY)).toBe(true);
    expect(isMaskedValue(-3.4028235e38)).toBe(true);
    expect(isMaskedValue(Math.fround(-3.4028235e38))).toBe(true);
    expect(isMaskedValue(-1e38)).toBe(false);
    expect(isMaskedValue(-10000)).toBe(false);
    expect(isMaskedValue(Number.NaN)).toBe(false);
  });
});
