import { fromBinary } from '@bufbuild/protobuf';
import { type ModelProto, ModelProtoSchema } from 'onnx-buf';
import { defaultOpset, findNode } from './graph-search.js';

/** Normalization parameters of a Softmax or LogSoftmax node. */
export interface SoftmaxNodeInfo {
  opType: 'Softmax' | 'LogSoftmax';
  /** The axis attribute, or the opset default (1 before opset 13, -1 from 13) when the node omits it. */
  axis: number;
  /** Name of the node's output value. */
  output: string;
  opset: number;
  /**
   * True before opset 13: the input is coerced to 2-D at `axis` and each row of the trailing
   * flattened dims is normalized. From opset 13 the normalization runs along `axis` alone.
   */
  coercesTo2d: boolean;
}

/** Describes the Softmax or LogSoftmax node `name`, which may sit inside a subgraph. */
export function describeSoftmaxNode(model: Uint8Array | ModelProto, name: string): SoftmaxNodeInfo {
  const proto = model instanceof Uint8Array ? fromBinary(ModelProtoSchema, model) : model;
  const located = findNode(proto, name);
  if (located === undefined) throw new Error(`No node named "${name}" in the model.`);

  const { node } = located;
  if (node.opType !== 'Softmax' && node.opType !== 'LogSoftmax') {
    throw new Error(`Node "${name}" is a ${node.opType}, not a Softmax or LogSoftmax.`);
  }

  const opset = defaultOpset(proto);
  const axisAttribute = node.attribute.find((attribute) => attribute.name === 'axis');
  const defaultAxis = opset < 13 ? 1 : -1;
  const axis = axisAttribute === undefined ? defaultAxis : Number(axisAttribute.i);
  const output = node.output[0];
  if (output === undefined) throw new Error(`Node "${name}" has no output.`);
  return { opType: node.opType, axis, output, opset, coercesTo2d: opset < 13 };
}
