import { readFile } from 'node:fs/promises';

import { parseParamsFile, serializeParamsFile } from '@multimax/core';

import { cartesianProduct, toParamsFile, withMargin } from '../src/params-search.js';
import { PARAMS_PATH } from '../src/paths.js';

describe('shipped params file', () => {
  test('parses and targets both attention layers', async () => {
    const file = parseParamsFile(await readFile(PARAMS_PATH, 'utf8'), PARAMS_PATH);

    expect(file.targets.map((target) => target.select)).toEqual([
      { kind: 'attention', layer: 0 },
      { kind: 'attention', layer: 1 },
    ]);
  });

  test('pushes low scores down', async () => {
    const file = parseParamsFile(await readFile(PARAMS_PATH, 'utf8'), PARAMS_PATH);

    for (const target of file.targets) {
      expect(target.params.ts[0]).toBeLessThan(0);
      expect(target.params.ts[1]).toBe(0);
    }
  });
});

describe('params search helpers', () => {
  test('toParamsFile round-trips through core', () => {
    const file = toParamsFile([{ layer: 1, threshold: 0.1, lowerSlope: -4 }], 'test');
    const reparsed = parseParamsFile(serializeParamsFile(file));

    expect(reparsed).toEqual(file);
    expect(reparsed.targets[0]?.params).toEqual({ ranges: [0.1, 0.1], ts: [-4, 0] });
  });

  test('withMargin doubles the slope', () => {
    expect(withMargin([{ layer: 0, threshold: 1.8, lowerSlope: -4 }])).toEqual([{ layer: 0, threshold: 1.8, lowerSlope: -8 }]);
  });

  test('cartesianProduct lists combinations', () => {
    expect(cartesianProduct([['a', 'b'], ['x', 'y']])).toEqual([
      ['a', 'x'],
      ['a', 'y'],
      ['b', 'x'],
      ['b', 'y'],
    ]);
    expect(cartesianProduct([['a'], []])).toEqual([]);
  });
});
