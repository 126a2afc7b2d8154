import { describe, expect, it } from '@jest/globals';

import { FP16_MAX, fp16SafeInputRange, type ModulatorParams, modulate, ParamsValidationError } from '../src/index.js';
import { createRandom, uniform } from './support/random.js';

// The range edges are roots of quadratics computed in float64, so 1e-9 relative is ample.
const EDGE_TOLERANCE = 1e-9;

const WORKED_EXAMPLE: ModulatorParams = { ranges: [-1, 1, -2, 2], ts: [-1, 0.1, -0.2, 0.02] };

/** Largest magnitude among x, y, each relu output m, ts·m, each term and σ, written from the definition. */
function largestCheckedMagnitude(x: number, params: ModulatorParams): number {
  const y = (params.scale ?? 1) * x + (params.bias ?? 0);
  const magnitudes = [Math.abs(x), Math.abs(y)];
  let sigma = y;

  params.ts.forEach((t, k) => {
    const threshold = params.ranges[k] ?? 0;
    const reluOutput = Math.max(k % 2 === 0 ? threshold - y : y - threshold, 0);
    const term = k < 2 ? t * reluOutput : t * reluOutput * reluOutput;
    if (t !== 0) magnitudes.push(reluOutput, Math.abs(t * reluOutput), Math.abs(term));
    sigma += term;
  });

  magnitudes.push(Math.abs(sigma));
  return Math.max(...magnitudes);
}

function expectRelativelyClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(EDGE_TOLERANCE * Math.abs(expected));
}

describe('fp16SafeInputRange', () => {
  it('is ±FP16_MAX for identity params', () => {
    expect(FP16_MAX).toBe(65504);
    expect(fp16SafeInputRange({ ranges: [0, 0], ts: [0, 0] })).toEqual({ min: -65504, max: 65504 });
  });

  it('matches the worked example', () => {
    const range = fp16SafeInputRange(WORKED_EXAMPLE);

    // Right of x = 2: σ = 1.1·u + 2.1 + 0.02·u² with u = x − 2, which reaches 65504 at the positive root.
    const u = (-1.1 + Math.sqrt(1.1 ** 2 + 4 * 0.02 * (65504 - 2.1))) / (2 * 0.02);
    expectRelativelyClose(range.max, 2 + u);

    // Left of x = −2: σ = −0.2·v² − 2·v − 3 with v = −2 − x, which reaches −65504 at the positive root.
    const v = (-2 + Math.sqrt(2 ** 2 + 4 * 0.2 * (65504 - 3))) / (2 * 0.2);
    expectRelativelyClose(range.min, -2 - v);

    // The rule of thumb from the square term alone gives a slightly wider bound.
    expect(range.max).toBeLessThan(2 + Math.sqrt(65504 / 0.02));
    expect(range.min).toBeGreaterThan(-2 - Math.sqrt(65504 / 0.2));
    expect(range.max).toBeCloseTo(1784.43, 2);
    expect(range.min).toBeCloseTo(-569.3, 1);
  });

  it('is bounded by the linear slope for first order', () => {
    // Left of −1.2: σ = 1.9·x + 1.08. Right of 0.8 the slope 0.7 keeps σ below x, so x binds.
    const range = fp16SafeInputRange({ ranges: [-1.2, 0.8], ts: [-0.9, -0.3] });
    expectRelativelyClose(range.min, (-65504 - 1.08) / 1.9);
    expect(range.max).toBe(65504);
  });

  it('accounts for scale and bias', () => {
    expect(fp16SafeInputRange({ ranges: [0, 0], ts: [0, 0], scale: 2 })).toEqual({ min: -32752, max: 32752 });

    const shifted = fp16SafeInputRange({ ranges: [0, 0], ts: [0, 0], bias: 4 });
    expect(shifted.min).toBe(-65504);
    expect(shifted.max).toBe(65500);
  });

  it('returns an empty range when σ(0) overflows', () => {
    expect(fp16SafeInputRange({ ranges: [0, 0], ts: [0, 0], bias: 70000 })).toEqual({
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
    });
  });

  it('bounds checked values on random params', () => {
    const random = createRandom(65504);
    for (let caseIndex = 0; caseIndex < 100; caseIndex++) {
      const params: ModulatorParams = {
        ranges: [uniform(random, -3, 0), uniform(random, 0, 3), uniform(random, -3, 0), uniform(random, 0, 3)],
        ts: [uniform(random, -1, 1), uniform(random, -1, 1), uniform(random, -0.5, 0.5), uniform(random, -0.5, 0.5)],
      };
      if (caseIndex % 2 === 1) {
        params.scale = (random() < 0.5 ? -1 : 1) * uniform(random, 0.5, 3);
        params.bias = uniform(random, -2, 2);
      }
      const { min, max } = fp16SafeInputRange(params);

      const samples = Array.from({ length: 201 }, (_, i) => min + ((max - min) * i) / 200);
      for (const x of samples) {
        expect(largestCheckedMagnitude(x, params)).toBeLessThanOrEqual(FP16_MAX * (1 + EDGE_TOLERANCE));
      }
      for (const sigma of modulate(samples, params)) {
        expect(Math.abs(sigma)).toBeLessThanOrEqual(FP16_MAX * (1 + EDGE_TOLERANCE));
      }

      // Either σ or one of its terms reaches the bound exactly at each edge.
      expect(largestCheckedMagnitude(min, params)).toBeGreaterThan(FP16_MAX * (1 - 1e-6));
      expect(largestCheckedMagnitude(max, params)).toBeGreaterThan(FP16_MAX * (1 - 1e-6));
    }
  });

  it('rejects invalid params', () => {
    expect(() => fp16SafeInputRange({ ranges: [0, 0], ts: [0] })).toThrow(ParamsValidationError);
  });
});
