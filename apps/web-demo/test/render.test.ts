import { describe, expect, it } from '@jest/globals';

import { attentionShape, attentionStats, averageHeads, headMap } from '../src/render/attention-map';
import { COLOR_SCALE_MIN, probabilityToColorScale, viridis } from '@multimax/ppocr';
import { formatArray, formatDuration, formatNats, formatNumber, formatPercent, formatProbability } from '../src/render/format';
import { heatmapPixels } from '../src/render/heatmap';

// Two heads, 2 queries × 2 keys each.
const PROBABILITIES = {
  data: new Float32Array([1, 0, 0.5, 0.5, 0, 1, 0.25, 0.75]),
  dims: [1, 2, 2, 2],
};

describe('colour scale', () => {
  it('runs from dark purple to yellow', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(viridis(Number.NaN)).toEqual(viridis(0));
    expect(viridis(2)).toEqual(viridis(1));
  });

  it('maps probabilities on a log scale from 0.001 to 1', () => {
    expect(COLOR_SCALE_MIN).toBe(0.001);
    expect(probabilityToColorScale(0)).toBe(0);
    expect(probabilityToColorScale(0.001)).toBe(0);
    expect(probabilityToColorScale(0.01)).toBeCloseTo(1 / 3, 12);
    expect(probabilityToColorScale(1)).toBe(1);
    expect(probabilityToColorScale(0.1)).toBeCloseTo(2 / 3, 12);
  });

  it('colours one pixel per map entry', () => {
    const pixels = heatmapPixels({ queries: 1, keys: 2, values: new Float32Array([1, 0]) });
    expect(Array.from(pixels)).toEqual([0xfd, 0xe7, 0x25, 255, 0x44, 0x01, 0x54, 255]);
  });
});

describe('attention maps', () => {
  it('reads the shape [1, heads, queries, keys]', () => {
    expect(attentionShape(PROBABILITIES)).toEqual({ heads: 2, queries: 2, keys: 2 });
    expect(() => attentionShape({ data: new Float32Array(4), dims: [2, 2] })).toThrow('are not [1, heads, queries, keys]');
    expect(() => attentionShape({ data: new Float32Array(3), dims: [1, 1, 2, 2] })).toThrow('hold 3 values');
  });

  it('cuts one head', () => {
    expect(Array.from(headMap(PROBABILITIES, 1).values)).toEqual([0, 1, 0.25, 0.75]);
    expect(() => headMap(PROBABILITIES, 2)).toThrow('head 2 does not exist; the layer has heads 0 to 1');
  });

  it('averages the heads', () => {
    const map = averageHeads(PROBABILITIES);
    expect({ queries: map.queries, keys: map.keys }).toEqual({ queries: 2, keys: 2 });
    expect(Array.from(map.values)).toEqual([0.5, 0.5, 0.375, 0.625]);
  });

  it('summarizes rows', () => {
    // Rows: [1, 0] and [0.5, 0.5] → sparsity 0.5 and 0, entropy 0 and ln 2.
    const stats = attentionStats(new Float32Array([1, 0, 0.5, 0.5]), 2);
    expect(stats.sparsity).toBeCloseTo(0.25, 12);
    expect(stats.entropy).toBeCloseTo(Math.log(2) / 2, 6);
  });
});

describe('number formats', () => {
  it('formats readouts', () => {
    expect(formatPercent(0.792)).toBe('79.2%');
    expect(formatPercent(Number.NaN)).toBe('n/a');
    expect(formatNats(1.2834)).toBe('1.28 nats');
    expect(formatNumber(-8)).toBe('−8');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(-0.0001)).toBe('0');
    expect(formatArray([1.8, -8])).toBe('[1.8, −8]');
    expect(formatProbability(0)).toBe('0');
    expect(formatProbability(0.5)).toBe('0.5');
    expect(formatProbability(0.000123456)).toBe('0.000123');
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(4700)).toBe('4.7 s');
  });
});
