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
export function inferElementTypes(graph: Graph, outer?: ReadonlyMap<string, number> | ElementTypeLookup): Map<string, number> {
  // Outer-scope values are looked up when a node reads them; local declarations take precedence.
  const types = new Map<string, number>(outer instanceof Map ? outer : []);
  for (const [name, elemType] of declaredElementTypes(graph)) types.set(name, elemType);
  const known: ElementTypeLookup = outer === undefined || outer instanceof Map ? types : { get: (name) => types.get(name) ?? outer.get(name) };

  // Nodes are stored in topological order (an ONNX requirement), so one forward pass suffices.
  for (const node of graph.nodes) {
    const elemType = outputElementType(node, known);
    if (elemType === undefined) continue;
    node.output.forEach((output, index) => {
      if (output === '' || types.has(output)) return;
      if (node.opType === 'TopK' && index === 1) types.set(output, DataType.INT64);
      else types.set(output, elemType);
    });
  }
  return types;
}

/** A source of element types: a Map from inferElementTypes, or an ElementTypeIndex. */
export interface ElementTypeLookup {
  get(value: string): number | undefined;
}

/** Steps of a recursive lookup after which the index infers the whole graph in one forward pass. */
const MAX_LOOKUP_DEPTH = 200;

/**
 * Element types of one graph's values, inferred on demand with the rules of inferElementTypes.
 * Detection needs the types of a few values per Softmax, so the index follows their producers
 * upwards instead of inferring every value of a large graph.
 */
export class ElementTypeIndex implements ElementTypeLookup {
  private declared: Map<string, number> | undefined;
  private readonly inferred = new Map<string, number | undefined>();

  constructor(
    private readonly graph: Graph,
    private readonly outer?: ElementTypeLookup,
  ) {}

  get(value: string): number | undefined {
    return this.lookup(value, 0);
  }

  private lookup(value: string, depth: number): number | undefined {
    this.declared ??= declaredElementTypes(this.graph);
    const declared = this.declared.get(value);
    if (declared !== undefined) return declared;
    if (this.inferred.has(value)) return this.inferred.get(value);

    const producer = this.graph.producer(value);
    if (producer === undefined) return this.outer?.get(value);
    // A long chain of undeclared values would nest too deeply: infer the whole graph instead.
    if (depth > MAX_LOOKUP_DEPTH) {
      for (const [name, elemType] of inferElementTypes(this.graph, this.outer)) this.inferred.set(name, elemType);
      return this.inferred.get(value);
    }

    const elemType = outputElementType(producer, { get: (input) => this.lookup(input, depth + 1) });
    producer.output.forEach((output, index) => {
      if (output === '' || this.declared?.has(output)) return;
      this.inferred.set(output, elemType !== undefined && producer.opType === 'TopK' && index === 1 ? DataType.INT64 : elemType);
    });
    return this.inferred.get(value);
  }
}

function declaredElementTypes(graph: Graph): Map<string, number> {
  const types = new Map<string, number>();
  const declare = (value: ValueInfoProto) => {
    const elemType = tensorElementType(value);
    if (elemType !== undefined) types.set(value.name, elemType);
  };
  for (const value of graph.proto.input) declare(value);
  for (const value of graph.proto.valueInfo) declare(value);
  for (const value of graph.proto.output) declare(value);
  for (const tensor of graph.proto.initializer) types.set(tensor.name, tensor.dataType);
  return types;
}

export function tensorElementType(value: ValueInfoProto): number | undefined {
  const type = value.type?.value;
  if (type?.case !== 'tensorType') return undefined;
  return type.value.elemType === DataType.UNDEFINED ? undefined : type.value.elemType;
}

function outputElementType(node: NodeProto, known: ElementTypeLookup): number | undefined {
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
