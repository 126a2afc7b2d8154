// A port of onnxconverter-common's `float16.convert_float_to_float16` with keep_io_types=False, the
// converter that onnxruntime's transformer tools and many published fp16 models went through.
// It converts float32 initializers, Constant tensors, Cast(to=float) and value types to float16, and
// wraps each node whose op type is in the block list with Cast(to float32) on its float inputs and
// Cast(to float16) on its float outputs. Cast nodes are named `<node>_input_cast<i>` /
// `<node>_output_cast<i>` and their values `<node>_input_cast_<i>` / `<node>_output_cast_<i>`.
import { clone, create } from '@bufbuild/protobuf';
import {
  type GraphProto,
  type ModelProto,
  ModelProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  type TensorProto,
  TensorProto_DataType,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import { attr, toAttributeProto } from './attribute.js';
import { inferElementTypes } from './element-type-inference.js';
import { float32ToFloat16Bits } from './fp16.js';

export interface Float16ConversionOptions {
  /** Op types that stay float32 between Cast nodes, e.g. ['Softmax']. */
  opBlockList: readonly string[];
  /** Positive values below this become this value before rounding (default 1e-7, as in onnxconverter-common). */
  minPositiveValue?: number;
  /** Finite values beyond ± this are clamped to it (default 1e4, as in onnxconverter-common). */
  maxFiniteValue?: number;
  /**
   * 'appended' (default) adds the Cast nodes at the end of the node list, as onnxconverter-common
   * versions without a final topological sort do, so the node list is not in topological order.
   * 'inline' puts each Cast next to the node it wraps.
   */
  castPlacement?: 'appended' | 'inline';
}

/** Clamps like onnxconverter-common's convert_np_to_float16, then rounds to float16 bits. */
function clampedFloat16Bits(value: number, minPositive: number, maxFinite: number): number {
  let clamped = value;
  if (clamped > 0 && clamped < minPositive) clamped = minPositive;
  if (clamped < 0 && clamped > -minPositive) clamped = -minPositive;
  if (clamped > maxFinite && clamped < Number.POSITIVE_INFINITY) clamped = maxFinite;
  if (clamped < -maxFinite && clamped > Number.NEGATIVE_INFINITY) clamped = -maxFinite;
  return float32ToFloat16Bits(clamped);
}

function convertTensor(tensor: TensorProto, minPositive: number, maxFinite: number): void {
  if (tensor.dataType !== TensorProto_DataType.FLOAT) return;
  tensor.dataType = TensorProto_DataType.FLOAT16;

  if (tensor.floatData.length > 0) {
    // float16 values without raw_data live in int32_data, one value per element.
    tensor.int32Data = tensor.floatData.map((value) => clampedFloat16Bits(value, minPositive, maxFinite));
    tensor.floatData = [];
  }
  if (tensor.rawData.byteLength > 0) {
    const source = new DataView(tensor.rawData.buffer, tensor.rawData.byteOffset, tensor.rawData.byteLength);
    const count = tensor.rawData.byteLength / 4;
    const converted = new Uint8Array(count * 2);
    const target = new DataView(converted.buffer);
    for (let i = 0; i < count; i++) target.setUint16(i * 2, clampedFloat16Bits(source.getFloat32(i * 4, true), minPositive, maxFinite), true);
    tensor.rawData = converted;
  }
}

function floatValueInfo(name: string, elementType: TensorProto_DataType) {
  const tensorType = create(TypeProto_TensorSchema, { elemType: elementType });
  return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
}

function castNode(name: string, input: string, output: string, to: TensorProto_DataType): NodeProto {
  return create(NodeProtoSchema, { name, opType: 'Cast', input: [input], output: [output], attribute: [toAttributeProto('to', attr.int(to))] });
}

/**
 * Wraps a blocked node with Casts. Returns the Casts to place before and after it.
 * An input or output is wrapped when it was float32 in the original model.
 */
function wrapBlockedNode(graph: GraphProto, node: NodeProto, wasFloat: (name: string) => boolean): { before: NodeProto[]; after: NodeProto[] } {
  const before: NodeProto[] = [];
  const after: NodeProto[] = [];
  node.input.forEach((input, index) => {
    if (input === '' || !wasFloat(input)) return;
    const castOutput = `${node.name}_input_cast_${index}`;
    before.push(castNode(`${node.name}_input_cast${index}`, input, castOutput, TensorProto_DataType.FLOAT));
    graph.valueInfo.push(floatValueInfo(castOutput, TensorProto_DataType.FLOAT));
    node.input[index] = castOutput;
  });
  node.output.forEach((output, index) => {
    if (output === '' || !wasFloat(output)) return;
    const castInput = `${node.name}_output_cast_${index}`;
    after.push(castNode(`${node.name}_output_cast${index}`, castInput, output, TensorProto_DataType.FLOAT16));
    graph.valueInfo.push(floatValueInfo(castInput, TensorProto_DataType.FLOAT));
    node.output[index] = castInput;
  });
  return { before, after };
}

function convertGraph(graph: GraphProto, options: Required<Float16ConversionOptions>, wasFloat: (name: string) => boolean): void {
  const blocked = new Set(options.opBlockList);

  for (const tensor of graph.initializer) convertTensor(tensor, options.minPositiveValue, options.maxFiniteValue);
  for (const valueInfo of [...graph.input, ...graph.output, ...graph.valueInfo]) {
    if (valueInfo.type?.value.case === 'tensorType' && valueInfo.type.value.value.elemType === TensorProto_DataType.FLOAT) {
      valueInfo.type.value.value.elemType = TensorProto_DataType.FLOAT16;
    }
  }

  const nodes: NodeProto[] = [];
  const appended: NodeProto[] = [];
  for (const node of graph.node) {
    if (!blocked.has(node.opType)) {
      for (const attribute of node.attribute) {
        if (node.opType === 'Cast' && attribute.name === 'to' && Number(attribute.i) === TensorProto_DataType.FLOAT) attribute.i = BigInt(TensorProto_DataType.FLOAT16);
        if (attribute.t !== undefined) convertTensor(attribute.t, options.minPositiveValue, options.maxFiniteValue);
        for (const tensor of attribute.tensors) convertTensor(tensor, options.minPositiveValue, options.maxFiniteValue);
        if (attribute.g !== undefined) convertGraph(attribute.g, options, wasFloat);
        for (const subgraph of attribute.graphs) convertGraph(subgraph, options, wasFloat);
      }
      nodes.push(node);
      continue;
    }

    // NOTE: onnxconverter-common adds these Casts to the main graph even for a node inside a subgraph;
    // here they go into the node's own graph.
    const { before, after } = wrapBlockedNode(graph, node, wasFloat);
    if (options.castPlacement === 'inline') {
      nodes.push(...before, node, ...after);
    } else {
      nodes.push(node);
      appended.push(...before, ...after);
    }
  }
  graph.node = [...nodes, ...appended];
}

/** Returns a float16 copy of a float32 model; the input model is left unchanged. */
export function convertFloatToFloat16(model: ModelProto, options: Float16ConversionOptions): ModelProto {
  const resolved: Required<Float16ConversionOptions> = {
    opBlockList: options.opBlockList,
    minPositiveValue: options.minPositiveValue ?? 1e-7,
    maxFiniteValue: options.maxFiniteValue ?? 1e4,
    castPlacement: options.castPlacement ?? 'appended',
  };
  const originalTypes = inferElementTypes(model);
  const wasFloat = (name: string) => originalTypes.get(name) === TensorProto_DataType.FLOAT;

  const converted = clone(ModelProtoSchema, model);
  if (converted.graph === undefined) throw new Error('The model has no graph to convert.');
  convertGraph(converted.graph, resolved, wasFloat);
  return converted;
}
