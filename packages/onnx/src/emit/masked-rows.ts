import { create } from '@bufbuild/protobuf';

import type { NodeProto, TensorProto } from '../io/proto.js';
import { AttributeProtoSchema, AttributeType, DataType, NodeProtoSchema, TensorProtoSchema } from '../io/proto.js';
import type { NameGenerator } from '../ir/names.js';
import { scalarTensor } from './constants.js';

/** float32's lowest finite value; entries at or below it are masked (see the core SPEC). */
const FLOAT32_LOWEST = -3.4028234663852886e38;

export interface MaskedRowsRequest {
  softmax: NodeProto;
  /** Axes the Softmax normalizes over. */
  axes: number[];
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

  // ReduceMax takes axes as an attribute before opset 18 and as an input from 18 on.
  const reduceInputs = [input];
  const reduceAttributes = [create(AttributeProtoSchema, { name: 'keepdims', type: AttributeType.INT, i: 1n })];
  const initializers: TensorProto[] = [scalarTensor(lowest, FLOAT32_LOWEST, elementType), scalarTensor(zero, 0, elementType)];
  if (request.opset >= 18) {
    const axesName = names.unique(`${prefix}/axes`);
    const axesBytes = new Uint8Array(new BigInt64Array(request.axes.map(BigInt)).buffer);
    initializers.push(create(TensorProtoSchema, { name: axesName, dataType: DataType.INT64, dims: [BigInt(request.axes.length)], rawData: axesBytes }));
    reduceInputs.push(axesName);
  } else {
    reduceAttributes.push(create(AttributeProtoSchema, { name: 'axes', type: AttributeType.INTS, ints: request.axes.map(BigInt) }));
  }

  softmax.output[0] = rawOutput;
  const nodes = [
    create(NodeProtoSchema, { opType: 'ReduceMax', domain: '', name: names.unique(`${prefix}/ReduceMax`), input: reduceInputs, output: [rowMax], attribute: reduceAttributes }),
    create(NodeProtoSchema, { opType: 'Greater', domain: '', name: names.unique(`${prefix}/Greater`), input: [rowMax, lowest], output: [rowHasEntries] }),
    create(NodeProtoSchema, { opType: 'Where', domain: '', name: names.unique(`${prefix}/Where`), input: [rowHasEntries, rawOutput, zero], output: [output] }),
  ];
  return { nodes, initializers, rawOutput };
}
