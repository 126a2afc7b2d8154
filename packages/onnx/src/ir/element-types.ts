import type { NodeProto, ValueInfoProto } from '../io/proto.js';
import { AttributeType, DataType } from '../io/proto.js';
import type { Graph } from './graph.js';

// Ops whose outputs are int64 or bool whatever their inputs are.
const INT64_OUTPUT_OPS = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin', 'NonMaxSuppression', 'TopK:1']);
const BOOL_OUTPUT_OPS = new Set(['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']);
// Ops whose output type follows a specific input rather than the first one.
const TYPE_FROM_INPUT: Record<string, number> = { Where: 1, Expand: 0, Gather: 0, Range: 0 };

/**
 * Element types (ONNX DataType numbers) of the values of one graph, from what the model declares
 * (inputs, outputs, value_info, initializers, Constant nodes, Cast targets) and a light forward pass
 * for everything else: most float ops give their first input's type. Values it cannot determine
 * are absent; outer-scope values come from `outer`.
 */
export function inferElementTypes(graph: Graph, outer?: ReadonlyMap<string, number>): Map<string, number> {
  const types = new Map<string, number>(outer ?? []);
  const declare = (value: ValueInfoProto) => {
    const elemType = tensorElementType(value);
    if (elemType !== undefined) types.set(value.name, elemType);
  };

  for (const value of graph.proto.input) declare(value);
  for (const value of graph.proto.valueInfo) declare(value);
  for (const value of graph.proto.output) declare(value);
  for (const tensor of graph.proto.initializer) types.set(tensor.name, tensor.dataType);

  // Nodes are stored in topological order (an ONNX requirement), so one forward pass suffices.
  for (const node of graph.nodes) {
    const elemType = outputElementType(node, types);
    if (elemType === undefined) continue;
    node.output.forEach((output, index) => {
      if (output === '' || types.has(output)) return;
      if (node.opType === 'TopK' && index === 1) types.set(output, DataType.INT64);
      else types.set(output, elemType);
    });
  }
  return types;
}

export function tensorElementType(value: ValueInfoProto): number | undefined {
  const type = value.type?.value;
  if (type?.case !== 'tensorType') return undefined;
  return type.value.elemType === DataType.UNDEFINED ? undefined : type.value.elemType;
}

function outputElementType(node: NodeProto, known: ReadonlyMap<string, number>): number | undefined {
  if (node.domain !== '' && node.domain !== 'ai.onnx') return undefined;

  if (node.opType === 'Cast') {
    const to = node.attribute.find((attribute) => attribute.name === 'to');
    return to === undefined ? undefined : Number(to.i);
  }
  if (node.opType === 'CastLike') return known.get(node.input[1] ?? '');
  if (node.opType === 'Constant') {
    const value = node.attribute.find((attribute) => attribute.type === AttributeType.TENSOR);
    if (value?.t !== undefined) return value.t.dataType;
    if (node.attribute.some((attribute) => attribute.name === 'value_float' || attribute.name === 'value_floats')) return DataType.FLOAT;
    if (node.attribute.some((attribute) => attribute.name === 'value_int' || attribute.name === 'value_ints')) return DataType.INT64;
    return undefined;
  }
  if (INT64_OUTPUT_OPS.has(node.opType)) return DataType.INT64;
  if (BOOL_OUTPUT_OPS.has(node.opType)) return DataType.BOOL;

  const sourceIndex = TYPE_FROM_INPUT[node.opType];
  if (sourceIndex !== undefined) return known.get(node.input[sourceIndex] ?? '');

  for (const input of node.input) {
    const elemType = known.get(input);
    if (elemType !== undefined) return elemType;
  }
  return undefined;
}

export function isFloatType(elemType: number | undefined): boolean {
  return elemType === DataType.FLOAT || elemType === DataType.FLOAT16 || elemType === DataType.DOUBLE || elemType === DataType.BFLOAT16;
}

export function dataTypeName(elemType: number | undefined): string {
  if (elemType === undefined) return 'unknown';
  return DataType[elemType]?.toLowerCase() ?? `type ${elemType}`;
}
