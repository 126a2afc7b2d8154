import { create } from '@bufbuild/protobuf';
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  type GraphProto,
  type TensorProto,
} from 'onnx-buf';

/** A node attribute value tagged with its ONNX attribute type, because a JS number alone cannot tell INT from FLOAT. */
export type AttributeValue =
  | { type: 'int'; value: number | bigint }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ints'; value: readonly (number | bigint)[] }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'tensor'; value: TensorProto }
  | { type: 'graph'; value: GraphProto };

/** Constructors for typed attribute values. */
export const attr = {
  int: (value: number | bigint): AttributeValue => ({ type: 'int', value }),
  float: (value: number): AttributeValue => ({ type: 'float', value }),
  string: (value: string): AttributeValue => ({ type: 'string', value }),
  ints: (value: readonly (number | bigint)[]): AttributeValue => ({ type: 'ints', value }),
  floats: (value: readonly number[]): AttributeValue => ({ type: 'floats', value }),
  tensor: (value: TensorProto): AttributeValue => ({ type: 'tensor', value }),
  graph: (value: GraphProto): AttributeValue => ({ type: 'graph', value }),
};

/** Converts a typed attribute value to an AttributeProto. */
export function toAttributeProto(name: string, value: AttributeValue): AttributeProto {
  switch (value.type) {
    case 'int':
      return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(value.value) });
    case 'float':
      return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOAT, f: value.value });
    case 'string':
      return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.STRING, s: new TextEncoder().encode(value.value) });
    case 'ints':
      return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: value.value.map((item) => BigInt(item)) });
    case 'floats':
      return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOATS, floats: [...value.value] });
    case 'tensor':
      return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.TENSOR, t: value.value });
    case 'graph':
      return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.GRAPH, g: value.value });
  }
}
