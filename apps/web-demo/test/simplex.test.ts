import { describe, expect, it } from '@jest/globals';
import { softmax } from '@multimax/core';

import { markerPath, SIMPLEX_CORNERS, simplexToPlane, TRIANGLE_HEIGHT } from '../src/simplex/geometry';
import { gridScores, summarizeImages } from '../src/simplex/grid';
import { type MarkerShape, simplexMappings } from '../src/simplex/mappings';

describe('simplex geometry', () => {
  it('puts one-hot points on the corners and uniform in the centre', () => {
    expect(simplexToPlane([1, 0, 0])).toEqual(SIMPLEX_CORNERS[0]);
    expect(simplexToPlane([0, 1, 0])).toEqual(SIMPLEX_CORNERS[1]);
    expect(simplexToPlane([0, 0, 1])).toEqual(SIMPLEX_CORNERS[2]);

    const centre = simplexToPlane([1 / 3, 1 / 3, 1 / 3]);
    expect(centre.x).toBeCloseTo(0.5, 12);
    expect(centre.y).toBeCloseTo((2 / 3) * TRIANGLE_HEIGHT, 12);
  });

  it('draws closed marker paths', () => {
    const shapes: MarkerShape[] = ['circle', 'square', 'diamond', 'triangle-up', 'triangle-down', 'star'];
    for (const shape of shapes) expect(markerPath(shape, 10, 10, 5)).toMatch(/^M.*Z$/);
  });
});

describe('simplex mappings', () => {
  const mappings = simplexMappings({ ranges: [0, 0.5], ts: [-4, -0.5] });
  const scores = [1.2, 1, -0.5];

  it('maps to probabilities', () => {
    for (const mapping of mappings) {
      const probabilities = Array.from(mapping.apply(scores));
      expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
      expect(probabilities.every((p) => p >= 0)).toBe(true);
    }
  });

  it('uses distinct markers and labels', () => {
    expect(new Set(mappings.map((mapping) => mapping.marker)).size).toBe(mappings.length);
    expect(mappings.map((mapping) => mapping.label)).toEqual(['SoftMax, T = 0.5', 'SoftMax, T = 1', 'SoftMax, T = 2', 'SparseMax', 'EntMax-1.5', 'MultiMax']);
  });

  it('applies the temperature and the MultiMax params', () => {
    const byId = new Map(mappings.map((mapping) => [mapping.id, mapping]));
    expect(Array.from(byId.get('softmax-t0.5')?.apply(scores) ?? [])).toEqual(Array.from(softmax([2.4, 2, -1])));

    // σ(1.2) = 1.2 − 0.5·0.7, σ(1) = 1 − 0.5·0.5, σ(−0.5) = −0.5 − 4·0.5.
    const expected = Array.from(softmax([0.85, 0.75, -2.5]));
    const actual = Array.from(byId.get('multimax')?.apply(scores) ?? []);
    expect(actual).toHaveLength(3);
    actual.forEach((p, i) => {
      expect(p).toBeCloseTo(expected[i] as number, 12);
    });

    expect(byId.get('sparsemax')?.apply(scores)[2]).toBe(0);
  });

  it('equals SoftMax for identity MultiMax params', () => {
    const identity = simplexMappings({ ranges: [0, 0], ts: [0, 0] }).find((mapping) => mapping.id === 'multimax');
    expect(Array.from(identity?.apply(scores) ?? [])).toEqual(Array.from(softmax(scores)));
  });
});

describe('score grid', () => {
  it('spans the square with x3 fixed', () => {
    const points = gridScores({ min: -1, max: 1, steps: 3 }, 0.5);
    expect(points).toHaveLength(9);
    expect(points[0]).toEqual([-1, -1, 0.5]);
    expect(points[1]).toEqual([0, -1, 0.5]);
    expect(points[8]).toEqual([1, 1, 0.5]);
  });

  it('summarizes sparsity, two modes and entropy', () => {
    const summary = summarizeImages([
      [1, 0, 0],
      [0.5, 0.5, 0],
      [0.6, 0.3, 0.1],
      [0.8, 0.15, 0.05],
    ]);
    expect(summary.sparseShare).toBe(0.5);
    // Second largest at least half the largest: [0.5, 0.5] and [0.6, 0.3].
    expect(summary.twoModeShare).toBe(0.5);
    expect(summary.meanEntropy).toBeGreaterThan(0);
    expect(summarizeImages([]).meanEntropy).toBeNaN();
  });
});
