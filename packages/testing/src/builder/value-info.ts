import { create } from '@bufbuild/protobuf';
import {
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import { type ElementType, onnxDataType } from './element-type.js';

/** A tensor dimension: a number is fixed, a string is symbolic (dim_param), null is unknown. */
export type Dim = number | string | null;

/** Creates the ValueInfoProto of a tensor. Without `shape` the rank is unknown too. */
export function tensorValueInfo(name: string, elementType: ElementType, shape?: readonly Dim[]): ValueInfoProto {
  const dims = shape?.map((dim) => {
    if (dim === null) return create(TensorShapeProto_DimensionSchema);
    if (typeof dim === 'string') return create(TensorShapeProto_DimensionSchema, { value: { case: 'dimParam', value: dim } });
    return create(TensorShapeProto_DimensionSchema, { value: { case: 'dimValue', value: BigInt(dim) } });
  });
  const tensorType = create(TypeProto_TensorSchema, {
    elemType: onnxDataType(elementType),
    shape: dims === undefined ? undefined : create(TensorShapeProtoSchema, { dim: dims }),
  });
  return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
}
