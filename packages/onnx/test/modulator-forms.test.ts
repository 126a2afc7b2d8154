import { type ModulatorParams, multimax, type ParamsFile } from '@multimax/core';
import { attr, type ElementType, ModelBuilder } from '@multimax/testing';
import * as ort from 'onnxruntime-node';

import { decodeModel, encodeModel, patchModel } from '../src/index.js';

const ROWS = 3;
const ROW = 97;

/** x → Softmax(axis −1) → y, patched with σ on x; returns the model and the ops σ was written with. */
function patchedSoftmax(params: ModulatorParams, elementType: ElementType, opset: number): { bytes: Uint8Array; ops: string[] } {
  const builder = new ModelBuilder({ graphName: 'forms', producerName: 'multimax-tests', producerVersion: '0', irVersion: 8, opsets: { '': opset }, naming: 'scoped' });
  builder.graph.addInput('x', elementType, [ROWS, ROW]);
  builder.graph.node('Softmax', ['x'], { name: 'softmax', outputs: ['y'], attributes: { axis: attr.int(-1) } });
  builder.graph.addOutput('y', elementType, [ROWS, ROW]);

  // The Softmax reads a graph input, so only a node selector picks it, and guard 'never' keeps the
  // Where of unrecognized sites out of the op list.
  const model = decodeModel(builder.toBytes());
  const file: ParamsFile = { format: 'multimax-params', version: 1, targets: [{ select: { node: 'softmax' }, params }] };
  patchModel(model, file, { guard: 'never' });
  const ops = (model.graph?.node ?? []).filter((node) => node.name.startsWith('multimax/')).map((node) => node.opType);
  return { bytes: encodeModel(model), ops };
}

/** Scores from −6 to 6 in uneven steps, with the thresholds themselves among them. */
function scores(params: ModulatorParams): number[] {
  const values = Array.from({ length: ROWS * ROW }, (_, index) => -6 + ((index * 37) % (ROWS * ROW)) * (12 / (ROWS * ROW)));
  params.ranges.forEach((threshold, index) => {
    values[index * 5] = threshold;
  });
  return values;
}

async function largestError(params: ModulatorParams, elementType: 'float32' | 'float64', opset: number): Promise<{ error: number; ops: string[] }> {
  const { bytes, ops } = patchedSoftmax(params, elementType, opset);
  const values = scores(params);
  const data = elementType === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
  const session = await ort.InferenceSession.create(bytes);
  try {
    const output = (await session.run({ x: new ort.Tensor(elementType, data, [ROWS, ROW]) })).y?.data as Float32Array | Float64Array;
    let error = 0;
    for (let row = 0; row < ROWS; row++) {
      // The reference reads the same rounded inputs the model reads.
      const expected = multimax(data.subarray(row * ROW, (row + 1) * ROW), params);
      expected.forEach((probability, index) => {
        const difference = Math.abs((output[row * ROW + index] ?? Number.NaN) - probability);
        error = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : Math.max(error, difference);
      });
    }
    return { error, ops };
  } finally {
    await session.release();
  }
}

const CHAIN = ['Sub', 'LeakyRelu', 'Sub', 'LeakyRelu'];
const INTERVAL = ['Clip', 'Sub', 'LeakyRelu', 'Mul', 'Add'];

describe('forms of the first-order σ', () => {
  // Tolerances: float32 probabilities from logits rounded once or twice more than the reference's
  // float64 ones; doubles to a few ulps.
  it.each<[string, ModulatorParams, string[]]>([
    ['both terms: a chain of four one-input ops', { ranges: [-1, 1], ts: [-0.6, 0.3] }, CHAIN],
    ['both terms, flat above (q = 0)', { ranges: [-1.5, 0.5], ts: [-0.5, -1] }, CHAIN],
    ['both terms, flat below (p = 0)', { ranges: [-1, 2], ts: [1, 0.4] }, CHAIN],
    ['both terms, falling below (p < 0)', { ranges: [0, 1], ts: [1.5, -0.3] }, CHAIN],
    ['both terms, equal thresholds', { ranges: [0.5, 0.5], ts: [-0.4, -0.4] }, CHAIN],
    ['low term only', { ranges: [-0.5, 1], ts: [-0.8, 0] }, ['Sub', 'LeakyRelu']],
    ['low term only, at threshold 0', { ranges: [0, 1], ts: [-0.8, 0] }, ['LeakyRelu']],
    ['high term only', { ranges: [-0.5, 1], ts: [0, -0.6] }, ['Sub', 'LeakyRelu', 'Neg']],
    ['falling above (q < 0): the interval form', { ranges: [-1, 1], ts: [-0.5, -1.5] }, INTERVAL],
    ['thresholds beyond ±64: the interval form', { ranges: [-100, 1], ts: [-0.5, 0.5] }, INTERVAL],
    ['second order after the chain', { ranges: [-1, 1, -2, 2], ts: [-0.5, 0.3, -0.1, 0.02] }, [...CHAIN, 'Clip', 'Sub', 'LeakyRelu', 'Mul', 'Mul', 'Add']],
  ])('float32, %s', async (_label, params, expectedOps) => {
    const { error, ops } = await largestError(params, 'float32', 14);
    expect(ops).toEqual(expectedOps);
    expect(error).toBeLessThan(2e-6);
  });

  it('uses PRelu for double scores and matches the reference to 1e-12', async () => {
    const { error, ops } = await largestError({ ranges: [-1, 1], ts: [-0.6, 0.3] }, 'float64', 16);
    expect(ops).toEqual(['Sub', 'PRelu', 'Sub', 'PRelu']);
    expect(error).toBeLessThan(1e-12);
  });

  it('keeps the interval form for float16 scores, which is exact inside the interval', () => {
    expect(patchedSoftmax({ ranges: [-1, 1], ts: [-0.6, 0.3] }, 'float16', 14).ops).toEqual(INTERVAL);
  });

  it('gives Softmax(x) up to rounding when no score reaches a threshold', async () => {
    // The chain shifts σ by r0, which Softmax ignores; inside [r0, r1] its result is x − r0.
    const { error } = await largestError({ ranges: [-50, 50], ts: [-0.5, 0.5] }, 'float32', 14);
    expect(error).toBeLessThan(2e-6);
  });
});
