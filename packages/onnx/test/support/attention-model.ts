import { create } from '@bufbuild/protobuf';
import { AttributeProto_AttributeType, ModelProtoSchema, type TensorProto, TensorProto_DataType, TensorProtoSchema } from 'onnx-buf';

import { encodeModel } from '../../src/index.js';

/** Two attention heads' worth of MatMul(Q, Kᵀ) / √d + mask → Softmax, twice, at the given opset. */
export function attentionModel(opset: number, extra: { initializer?: TensorProto[] } = {}): Uint8Array {
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
      initializer: [create(TensorProtoSchema, { name: 'sqrt_d', dataType: TensorProto_DataType.FLOAT, dims: [], floatData: [2] }), ...(extra.initializer ?? [])],
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

