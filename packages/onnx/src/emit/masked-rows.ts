import { create } from '@bufbuild/protobuf';

import type { NodeProto, TensorProto } from '../io/proto.js';
import { AttributeProtoSchema, AttributeType, DataType, NodeProtoSchema, TensorProtoSchema } from '../io/proto.js';
import type { NameGenerator } from '../ir/names.js';
import { scalarTensor } from './constants.js';

/** float32's lowest finite value; entries at or below it are masked (see the core SPEC). */
const FLOAT32_LOWEST = -3.4028234663852886e38;

export interface MaskedRowsRequest {
  softmax: NodeProto;
  /** The Softmax axis attribute. */
  axis: number;
  /**
   * Whether the Softmax coerces its input to 2-D at `axis` (before opset 13), so a row spans all
   * dimensions from `axis` on, rather than `axis` alone.
   */
  coercesTo2d: boolean;
  elementType: number;
  prefix: string;
  opset: number;
  names: NameGenerator;
}

export interface EmittedMaskedRows {
  nodes: NodeProto[];
  initializers: TensorProto[];
  /** The new name of the Softmax output; the emitted Where writes the original name. */
  rawOutput: string;
}

/**
 * Emits `Where(ReduceMax(x) > lowest, Softmax(x), 0)` around a Softmax, so a fully masked row (all
 * entries −∞ or float32 lowest) gives zeros instead of NaN or a uniform row. The Softmax output is
 * renamed and the Where writes the original name, so consumers and graph outputs stay as they were.
 * For a 2-D-coercing Softmax the rows are found on Flatten(x, axis), and the zeroed probabilities are
 * reshaped back, because the row length depends on the input rank, which may be unknown.
 */
export function emitMaskedRowZeroing(request: MaskedRowsRequest): EmittedMaskedRows {
  const { softmax, prefix, names, elementType } = request;
  const input = softmax.input[0] ?? '';
  const output = softmax.output[0] ?? '';
  const rawOutput = names.unique(`${prefix}/probabilities`);
  const rowMax = names.unique(`${prefix}/row_max`);
  const rowHasEntries = names.unique(`${prefix}/row_has_entries`);
  const lowest = names.unique(`${prefix}/lowest`);
  const zero = names.unique(`${prefix}/zero`);

  const initializers: TensorProto[] = [scalarTensor(lowest, FLOAT32_LOWEST, elementType), scalarTensor(zero, 0, elementType)];
  const node = (opType: string, inputs: string[], outputs: string[], attribute: NodeProto['attribute'] = []) =>
    create(NodeProtoSchema, { opType, domain: '', name: names.unique(`${prefix}/${opType}`), input: inputs, output: outputs, attribute });
  const flattenAttribute = [create(AttributeProtoSchema, { name: 'axis', type: AttributeType.INT, i: BigInt(request.axis) })];

  softmax.output[0] = rawOutput;
  const nodes: NodeProto[] = [];

  let rows = input;
  let probabilities = rawOutput;
  if (request.coercesTo2d) {
    rows = names.unique(`${prefix}/rows`);
    probabilities = names.unique(`${prefix}/probability_rows`);
    nodes.push(node('Flatten', [input], [rows], flattenAttribute), node('Flatten', [rawOutput], [probabilities], flattenAttribute));
  }

  // ReduceMax takes axes as an attribute before opset 18 and as an input from 18 on.
  const axes = [request.coercesTo2d ? 1 : request.axis];
  const reduceInputs = [rows];
  const reduceAttributes = [create(AttributeProtoSchema, { name: 'keepdims', type: AttributeType.INT, i: 1n })];
  if (request.opset >= 18) {
    const axesName = names.unique(`${prefix}/axes`);
    const axesBytes = new Uint8Array(new BigInt64Array(axes.map(BigInt)).buffer);
    initializers.push(create(TensorProtoSchema, { name: axesName, dataType: DataType.INT64, dims: [BigInt(axes.length)], rawData: axesBytes }));
    reduceInputs.push(axesName);
  } else {
    reduceAttributes.push(create(AttributeProtoSchema, { name: 'axes', type: AttributeType.INTS, ints: axes.map(BigInt) }));
  }
  nodes.push(node('ReduceMax', reduceInputs, [rowMax], reduceAttributes), node('Greater', [rowMax, lowest], [rowHasEntries]));

  if (request.coercesTo2d) {
    const zeroed = names.unique(`${prefix}/zeroed_rows`);
    const shape = names.unique(`${prefix}/shape`);
    nodes.push(node('Where', [rowHasEntries, probabilities, zero], [zeroed]), node('Shape', [rawOutput], [shape]), node('Reshape', [zeroed, shape], [output]));
  } else {
    nodes.push(node('Where', [rowHasEntries, probabilities, zero], [output]));
  }

  return { nodes, initializers, rawOutput };
}
