import type { TensorProto } from '../io/proto.js';
import { AttributeType, DataType } from '../io/proto.js';
import type { Graph } from './graph.js';

/**
 * Reads a single-element float constant as a number. The value may be an initializer of this or an
 * outer graph, or a Constant node output. Returns undefined for anything else.
 */
export function readScalarConstant(graph: Graph, value: string): number | undefined {
  if (!graph.isConstant(value)) return undefined;

  const producer = graph.producer(value);
  if (producer !== undefined) {
    const attribute = producer.attribute.find((candidate) => candidate.type === AttributeType.TENSOR || candidate.name === 'value_float');
    if (attribute?.name === 'value_float') return attribute.f;
    return attribute?.t === undefined ? undefined : scalarOf(attribute.t);
  }

  for (let scope: Graph | undefined = graph; scope !== undefined; scope = scope.parent) {
    const tensor = scope.proto.initializer.find((candidate) => candidate.name === value);
    if (tensor !== undefined) return scalarOf(tensor);
  }
  return undefined;
}

function scalarOf(tensor: TensorProto): number | undefined {
  const elements = tensor.dims.reduce((product, dim) => product * Number(dim), 1);
  if (elements !== 1) return undefined;

  if (tensor.dataType === DataType.FLOAT && tensor.floatData.length === 1) return tensor.floatData[0];
  if (tensor.dataType === DataType.DOUBLE && tensor.doubleData.length === 1) return tensor.doubleData[0];
  // Without raw_data, float16 values are stored as their bits in int32_data.
  if (tensor.dataType === DataType.FLOAT16 && tensor.int32Data.length === 1) return float16ToNumber(tensor.int32Data[0] ?? 0);

  const raw = tensor.rawData;
  if (raw.length === 0) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (tensor.dataType) {
    case DataType.FLOAT:
      return raw.length === 4 ? view.getFloat32(0, true) : undefined;
    case DataType.DOUBLE:
      return raw.length === 8 ? view.getFloat64(0, true) : undefined;
    case DataType.FLOAT16:
      return raw.length === 2 ? float16ToNumber(view.getUint16(0, true)) : undefined;
    default:
      return undefined;
  }
}

function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
