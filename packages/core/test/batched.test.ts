import { describe, expect, it } from '@jest/globals';

import { type ModulatorParams, multimax, multimaxLastAxis, ParamsValidationError } from '../src/index.js';
import { createRandom, pick, uniform } from './support/random.js';

// The batched form rounds float64 row results to float32, a relative error of at most 2^-24.
// 1e-6 relative leaves margin, and the 1e-44 absolute floor covers float32 subnormals.
const FLOAT32_RELATIVE_TOLERANCE = 1e-6;
const FLOAT32_ABSOLUTE_FLOOR = 1e-44;

const SECOND_ORDER: ModulatorParams = { ranges: [-1, 1, -2, 2], ts: [-1, 0.1, -0.2, 0.02], scale: 1.5, bias: 0.25 };
const FIRST_ORDER: ModulatorParams = { ranges: [-1.2, 0.8], ts: [-0.9, -0.3] };

function randomTensor(random: () => number, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => uniform(random, -8, 8));
}

/** Returns a mask with ordinary entries, masked entries and one fully masked row. */
function randomMask(random: () => number, size: number, rowLength: number): Float32Array {
  const mask = Float32Array.from({ length: size }, () =>
    pick(random, [0, 0, 0, -10000, -1, Number.NEGATIVE_INFINITY, -3.4028235e38]),
  );
  mask.fill(Number.NEGATIVE_INFINITY, 0, rowLength);
  return mask;
}

describe('multimaxLastAxis', () => {
  it('equals row form on random tensors', () => {
    const random = createRandom(4242);
    const shapes = [[2, 3, 5], [4, 7], [1, 1, 1, 6], [9], [3, 1]];

    for (const shape of shapes) {
      for (const params of [FIRST_ORDER, SECOND_ORDER]) {
        for (const withMask of [false, true]) {
          const size = shape.reduce((product, dimension) => product * dimension, 1);
          const rowLength = shape[shape.length - 1] ?? 0;
          const data = randomTensor(random, size);
          const mask = withMask ? randomMask(random, size, rowLength) : undefined;

          const batched = multimaxLastAxis(data, shape, params, mask);
          expect(batched).toBeInstanceOf(Float32Array);
          expect(batched.length).toBe(size);

          for (let offset = 0; offset < size; offset += rowLength) {
            const rowMask = mask?.subarray(offset, offset + rowLength);
            const expectedRow = multimax(data.subarray(offset, offset + rowLength), params, rowMask);

            for (let i = 0; i < rowLength; i++) {
              const expected = expectedRow[i] as number;
              const actual = batched[offset + i] as number;
              const tolerance = FLOAT32_RELATIVE_TOLERANCE * Math.abs(expected) + FLOAT32_ABSOLUTE_FLOOR;
              expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
            }
          }

          if (mask !== undefined) expect(Array.from(batched.subarray(0, rowLength)).every((p) => p === 0)).toBe(true);
        }
      }
    }
  });

  it('returns empty output for zero-size shapes', () => {
    expect(multimaxLastAxis(new Float32Array(0), [0, 5], FIRST_ORDER).length).toBe(0);
    expect(multimaxLastAxis(new Float32Array(0), [3, 0], FIRST_ORDER).length).toBe(0);
  });

  it('rejects shapes that do not match data', () => {
    const data = new Float32Array(6);
    expect(() => multimaxLastAxis(data, [], FIRST_ORDER)).toThrow(RangeError);
    expect(() => multimaxLastAxis(data, [4, 2], FIRST_ORDER)).toThrow(/has 8 elements but data has 6/);
    expect(() => multimaxLastAxis(data, [-2, -3], FIRST_ORDER)).toThrow(/non-negative integer/);
    expect(() => multimaxLastAxis(data, [2.5, 2.4], FIRST_ORDER)).toThrow(/non-negative integer/);
  });

  it('rejects a mask that is not broadcast', () => {
    const data = new Float32Array(6);
    expect(() => multimaxLastAxis(data, [2, 3], FIRST_ORDER, new Float32Array(3))).toThrow(/broadcast the mask/);
  });

  it('rejects invalid params', () => {
    expect(() => multimaxLastAxis(new Float32Array(2), [2], { ranges: [0, 0], ts: [0, 0, 0, 0] })).toThrow(
      ParamsValidationError,
    );
  });
});
