import { describe, expect, it } from '@jest/globals';

import { countModes, entropy, sparsity, summarizeRows } from '../src/index.js';

describe('sparsity', () => {
  it('counts entries below the default threshold 1e-3', () => {
    expect(sparsity([0.5, 0.4995, 0, 0.0005])).toBe(0.5);
    expect(sparsity([0.25, 0.25, 0.25, 0.25])).toBe(0);
    expect(sparsity([1, 0, 0, 0, 0])).toBe(0.8);
  });

  it('uses a given threshold', () => {
    expect(sparsity([0.5, 0.3, 0.2], 0.25)).toBeCloseTo(1 / 3, 15);
    // The comparison is strict, so an entry equal to the threshold is not sparse.
    expect(sparsity([0.5, 0.5], 0.5)).toBe(0);
  });

  it('returns 0 for an empty row', () => {
    expect(sparsity([])).toBe(0);
  });
});

describe('entropy', () => {
  it('computes nats on hand-computed rows', () => {
    expect(entropy([1, 0, 0])).toBe(0);
    expect(entropy([0.5, 0.5, 0])).toBeCloseTo(Math.LN2, 15);
    expect(entropy([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(Math.log(4), 15);
    // −(0.75·ln 0.75 + 0.25·ln 0.25) = 0.5623351446188083
    expect(entropy([0.75, 0.25])).toBeCloseTo(0.5623351446188083, 15);
  });

  it('returns 0 for an all-zero row', () => {
    expect(entropy([0, 0, 0])).toBe(0);
  });
});

describe('countModes', () => {
  const cases: { row: number[]; minProbability?: number; expected: number }[] = [
    { row: [0.5, 0.1, 0.4], expected: 2 },
    { row: [0.25, 0.25, 0.25, 0.25], expected: 1 },
    { row: [0.3, 0.3, 0.1, 0.3], expected: 2 },
    { row: [0.2, 0.3, 0.3, 0.2], expected: 1 },
    { row: [0.2, 0.3, 0.3, 0.4], expected: 1 },
    { row: [0.96, 0.04], expected: 1 },
    { row: [1], expected: 1 },
    // 0.03 is a local maximum but below the default 0.05.
    { row: [0.45, 0.01, 0.03, 0.01, 0.5], expected: 2 },
    { row: [0.45, 0.01, 0.03, 0.01, 0.5], minProbability: 0.01, expected: 3 },
    { row: [0, 0, 0], expected: 0 },
    { row: [], expected: 0 },
  ];

  it.each(cases)('counts $expected modes in $row', ({ row, minProbability, expected }) => {
    expect(countModes(row, minProbability)).toBe(expected);
  });
});

describe('summarizeRows', () => {
  it('averages over rows and skips all-zero rows', () => {
    const data = new Float32Array([0.5, 0.5, 0, 0, 0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25]);
    const summary = summarizeRows(data, [3, 4]);

    expect(summary.rows).toBe(2);
    // Row 0 has 2 of 4 entries below 1e-3, row 2 has none.
    expect(summary.meanSparsity).toBeCloseTo(0.25, 15);
    expect(summary.meanEntropy).toBeCloseTo((Math.LN2 + Math.log(4)) / 2, 6);
    expect(summary.meanModes).toBe(1);
  });

  it('passes the threshold to sparsity', () => {
    const data = new Float32Array([0.5, 0.3, 0.2]);
    expect(summarizeRows(data, [1, 3], 0.25).meanSparsity).toBeCloseTo(1 / 3, 15);
  });

  it('returns NaN means when every row is masked', () => {
    const summary = summarizeRows(new Float32Array(6), [2, 3]);
    expect(summary.rows).toBe(0);
    expect(summary.meanSparsity).toBeNaN();
    expect(summary.meanEntropy).toBeNaN();
    expect(summary.meanModes).toBeNaN();
  });

  it('rejects a shape that does not match data', () => {
    expect(() => summarizeRows(new Float32Array(6), [4, 2])).toThrow(RangeError);
    expect(() => summarizeRows(new Float32Array(6), [])).toThrow(RangeError);
  });
});
