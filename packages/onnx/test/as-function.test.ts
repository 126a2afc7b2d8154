import { uniformParamsFile } from '@multimax/core';
import { buildTinyAttention } from '@multimax/testing';
import * as ort from 'onnxruntime-node';

import { decodeModel, encodeModel, ModelError, patchModel, removeModulators } from '../src/index.js';
import { maxAbsDifference } from './support/run.js';

const PARAMS = uniformParamsFile({ ranges: [-0.5, 0.5, -1, 1], ts: [-0.7, 0.3, -0.1, 0.05] });

async function run(bytes: Uint8Array): Promise<Record<string, Float32Array>> {
  const values = (count: number, scale: number) => Float32Array.from({ length: count }, (_, i) => Math.sin(i * scale) * 2);
  const session = await ort.InferenceSession.create(bytes);
  const results = await session.run({
    q_a: new ort.Tensor('float32', values(24, 0.7), [1, 2, 3, 4]),
    q_b: new ort.Tensor('float32', values(24, 1.3), [1, 2, 3, 4]),
    k_t: new ort.Tensor('float32', values(24, 0.9), [1, 2, 4, 3]),
    mask: new ort.Tensor('float32', Float32Array.from([0, 0, -3.4028234663852886e38]), [1, 1, 1, 3]),
  });
  await session.release();
  return { probs_a: results.probs_a!.data as Float32Array, probs_b: results.probs_b!.data as Float32Array };
}

describe('patchModel with asFunction', () => {
  it('gives the same outputs as inline ops in onnxruntime', async () => {
    const inline = decodeModel(buildTinyAttention(18));
    patchModel(inline, PARAMS);
    const wrapped = decodeModel(buildTinyAttention(18));
    patchModel(wrapped, PARAMS, { asFunction: true });

    const expected = await run(encodeModel(inline));
    const actual = await run(encodeModel(wrapped));
    expect(maxAbsDifference(actual.probs_a!, expected.probs_a!)).toBeLessThan(1e-6);
    expect(maxAbsDifference(actual.probs_b!, expected.probs_b!)).toBeLessThan(1e-6);
  });

  it('shares one function between sites of the same structure', () => {
    const model = decodeModel(buildTinyAttention(18));
    patchModel(model, PARAMS, { asFunction: true });
    expect(model.functions).toHaveLength(1);
    expect(model.functions[0]?.domain).toBe('ai.multimax');
    expect(model.opsetImport.map((entry) => entry.domain)).toContain('ai.multimax');
    expect(model.graph!.node.filter((node) => node.domain === 'ai.multimax')).toHaveLength(2);
  });

  it('keeps sites with different slopes apart and computes each correctly', async () => {
    const perSite = {
      format: 'multimax-params' as const,
      version: 1 as const,
      targets: [
        { select: { node: 'Softmax_a' }, params: { ranges: [-0.5, 0.5], ts: [-0.7, 0.3] } },
        { select: { node: 'Softmax_b' }, params: { ranges: [-0.5, 0.5], ts: [-0.2, 0.9] } },
      ],
    };
    const inline = decodeModel(buildTinyAttention(18));
    patchModel(inline, perSite);
    const wrapped = decodeModel(buildTinyAttention(18));
    patchModel(wrapped, perSite, { asFunction: true });
    expect(wrapped.functions).toHaveLength(2);

    const expected = await run(encodeModel(inline));
    const actual = await run(encodeModel(wrapped));
    expect(maxAbsDifference(actual.probs_a!, expected.probs_a!)).toBeLessThan(1e-6);
    expect(maxAbsDifference(actual.probs_b!, expected.probs_b!)).toBeLessThan(1e-6);
  });

  it('is removed completely by removeModulators', () => {
    const model = decodeModel(buildTinyAttention(18));
    patchModel(model, PARAMS, { asFunction: true });
    removeModulators(model);
    expect(Buffer.from(encodeModel(model)).equals(Buffer.from(buildTinyAttention(18)))).toBe(true);
  });

  it('rejects opsets before 18', () => {
    const model = decodeModel(buildTinyAttention(17));
    expect(() => patchModel(model, PARAMS, { asFunction: true })).toThrow(ModelError);
    expect(() => patchModel(model, PARAMS, { asFunction: true })).toThrow(/needs opset 18 or newer, but the model has opset 17/);
  });
});
