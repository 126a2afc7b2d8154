import { create } from '@bufbuild/protobuf';
import { uniformParamsFile } from '@multimax/core';
import { AttributeProto_AttributeType, ModelProtoSchema, TensorProto_DataType } from 'onnx-buf';
import * as ort from 'onnxruntime-node';

import { decodeModel, encodeModel, ModelError, patchModel, removeModulators } from '../src/index.js';
import { maxAbsDifference } from './support/run.js';

const PARAMS = uniformParamsFile({ ranges: [-0.5, 0.5, -1, 1], ts: [-0.7, 0.3, -0.1, 0.05] });

/** Two attention heads' worth of MatMul(Q, Kᵀ) / √d + mask → Softmax, twice, at the given opset. */
function attentionModel(opset: number): Uint8Array {
  const tensorType = (dims: number[]) => ({ value: { case: 'tensorType' as const, value: { elemType: TensorProto_DataType.FLOAT, shape: { dim: dims.map((dim) => ({ value: { case: 'dimValue' as const, value: BigInt(dim) } })) } } } });
  const site = (suffix: string) => [
    { opType: 'MatMul', name: `MatMul${suffix}`, input: [`q${suffix}`, 'k_t'], output: [`scores${suffix}`] },
    { opType: 'Div', name: `Div${suffix}`, input: [`scores${suffix}`, 'sqrt_d'], output: [`scaled${suffix}`] },
    { opType: 'Add', name: `Add${suffix}`, input: [`scaled${suffix}`, 'mask'], output: [`masked${suffix}`] },
    { opType: 'Softmax', name: `Softmax${suffix}`, input: [`masked${suffix}`], output: [`probs${suffix}`], attribute: [{ name: 'axis', type: AttributeProto_AttributeType.INT, i: -1n }] },
  ];
  const model = create(ModelProtoSchema, {
    irVersion: 8n,
    opsetImport: [{ domain: '', version: BigInt(opset) }],
    graph: {
      name: 'attention',
      node: [...site('_a'), ...site('_b')],
      initializer: [{ name: 'sqrt_d', dataType: TensorProto_DataType.FLOAT, dims: [], floatData: [2] }],
      input: [
        { name: 'q_a', type: tensorType([1, 2, 3, 4]) },
        { name: 'q_b', type: tensorType([1, 2, 3, 4]) },
        { name: 'k_t', type: tensorType([1, 2, 4, 3]) },
        { name: 'mask', type: tensorType([1, 1, 1, 3]) },
      ],
      output: [
        { name: 'probs_a', type: tensorType([1, 2, 3, 3]) },
        { name: 'probs_b', type: tensorType([1, 2, 3, 3]) },
      ],
    },
  });
  return encodeModel(model);
}

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
    const inline = decodeModel(attentionModel(18));
    patchModel(inline, PARAMS);
    const wrapped = decodeModel(attentionModel(18));
    patchModel(wrapped, PARAMS, { asFunction: true });

    const expected = await run(encodeModel(inline));
    const actual = await run(encodeModel(wrapped));
    expect(maxAbsDifference(actual.probs_a!, expected.probs_a!)).toBeLessThan(1e-6);
    expect(maxAbsDifference(actual.probs_b!, expected.probs_b!)).toBeLessThan(1e-6);
  });

  it('shares one function between sites of the same structure', () => {
    const model = decodeModel(attentionModel(18));
    patchModel(model, PARAMS, { asFunction: true });
    expect(model.functions).toHaveLength(1);
    expect(model.functions[0]?.domain).toBe('ai.multimax');
    expect(model.opsetImport.map((entry) => entry.domain)).toContain('ai.multimax');
    expect(model.graph!.node.filter((node) => node.domain === 'ai.multimax')).toHaveLength(2);
  });

  it('is removed completely by removeModulators', () => {
    const model = decodeModel(attentionModel(18));
    patchModel(model, PARAMS, { asFunction: true });
    removeModulators(model);
    expect(Buffer.from(encodeModel(model)).equals(Buffer.from(attentionModel(18)))).toBe(true);
  });

  it('rejects opsets before 18', () => {
    const model = decodeModel(attentionModel(17));
    expect(() => patchModel(model, PARAMS, { asFunction: true })).toThrow(ModelError);
    expect(() => patchModel(model, PARAMS, { asFunction: true })).toThrow(/needs opset 18 or newer, but the model has opset 17/);
  });
});
