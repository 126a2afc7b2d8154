import { create } from '@bufbuild/protobuf';
import { type ModulatorParams, modulate, softmax, uniformParamsFile } from '@multimax/core';
import { AttributeProto_AttributeType, ModelProtoSchema, TensorProto_DataType } from 'onnx-buf';
import * as ort from 'onnxruntime-node';

import { decodeModel, encodeModel, findSoftmaxSites, GUARD_THRESHOLD, patchModel } from '../src/index.js';
import { maxAbsDifference } from './support/run.js';

const ROW = 4;
const PARAMS: ModulatorParams = { ranges: [-0.5, 0.5, -1, 1], ts: [-0.7, 0.3, -0.2, 0.05] };

/**
 * Softmax over `Sub(scores, penalty)`: a mask written as a subtraction, which the detector does not
 * recognize, so σ goes on the Softmax input in its guarded form.
 */
function unrecognizedMaskModel(): Uint8Array {
  const tensorType = { value: { case: 'tensorType' as const, value: { elemType: TensorProto_DataType.FLOAT } } };
  return encodeModel(create(ModelProtoSchema, {
    irVersion: 8n,
    opsetImport: [{ domain: '', version: 13n }],
    graph: {
      name: 'guarded',
      node: [
        { opType: 'Sub', name: 'Sub', input: ['scores', 'penalty'], output: ['masked'] },
        { opType: 'Softmax', name: 'Softmax', input: ['masked'], output: ['probs'], attribute: [{ name: 'axis', type: AttributeProto_AttributeType.INT, i: -1n }] },
      ],
      input: [{ name: 'scores', type: tensorType }, { name: 'penalty', type: tensorType }],
      output: [{ name: 'probs', type: tensorType }],
    },
  }));
}

describe('guarded modulator', () => {
  it('is chosen for an unrecognized mask', () => {
    const [site] = findSoftmaxSites(decodeModel(unrecognizedMaskModel()));
    expect(site?.kind).toBe('other');
    expect(site?.guarded).toBe(true);
  });

  it('leaves entries at or below −1e4 and −∞ untouched', async () => {
    const model = decodeModel(unrecognizedMaskModel());
    patchModel(model, { format: 'multimax-params', version: 1, targets: [{ select: { node: 'Softmax' }, params: PARAMS }] });

    const scores = Float32Array.from([0.3, -1.2, 2.5, 0.9, 1.1, -0.4, 0.2, 3.0, 0.5, 0.1, -2.0, 1.7]);
    const penalty = Float32Array.from([0, 0, 1e4, 0, 0, Number.POSITIVE_INFINITY, 0, 3.4028234663852886e38, 0, 0, 0, 0]);
    const session = await ort.InferenceSession.create(encodeModel(model));
    const result = await session.run({ scores: new ort.Tensor('float32', scores, [3, ROW]), penalty: new ort.Tensor('float32', penalty, [3, ROW]) });
    const probabilities = result.probs!.data as Float32Array;
    await session.release();

    // Reference: σ on entries above the threshold, the masked value itself elsewhere, then Softmax.
    const expected: number[] = [];
    for (let row = 0; row < 3; row++) {
      const input = Array.from({ length: ROW }, (_, i) => Math.fround((scores[row * ROW + i] ?? 0) - (penalty[row * ROW + i] ?? 0)));
      const modulated = input.map((value) => (value > GUARD_THRESHOLD ? (modulate([value], PARAMS)[0] ?? Number.NaN) : value));
      expected.push(...softmax(modulated));
    }
    expect(probabilities.some((value) => Number.isNaN(value))).toBe(false);
    expect(maxAbsDifference(probabilities, expected)).toBeLessThan(1e-6);
    expect(probabilities[2]).toBe(0);
    expect(probabilities[5]).toBe(0);
  });

  it('is used for every site with guard always', () => {
    const model = decodeModel(unrecognizedMaskModel());
    const result = patchModel(model, uniformParamsFile(PARAMS), { guard: 'always' });
    expect(result.plan.every((planned) => planned.guarded)).toBe(true);
  });
});
