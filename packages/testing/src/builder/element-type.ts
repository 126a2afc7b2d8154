import { TensorProto_DataType } from 'onnx-buf';

/** Tensor element types the fixtures use, named as onnxruntime-node names them. */
export type ElementType = 'float32' | 'float16' | 'float64' | 'int32' | 'int64' | 'bool';

const ONNX_DATA_TYPES: Record<ElementType, TensorProto_DataType> = {
  float32: TensorProto_DataType.FLOAT,
  float16: TensorProto_DataType.FLOAT16,
  float64: TensorProto_DataType.DOUBLE,
  int32: TensorProto_DataType.INT32,
  int64: TensorProto_DataType.INT64,
  bool: TensorProto_DataType.BOOL,
};

/** Returns the TensorProto.DataType code of an element type. */
export function onnxDataType(elementType: ElementType): TensorProto_DataType {
  return ONNX_DATA_TYPES[elementType];
}

/** Returns the element type of a TensorProto.DataType code, or undefined for types outside ElementType. */
export function elementTypeOf(dataType: number): ElementType | undefined {
  for (const [elementType, code] of Object.entries(ONNX_DATA_TYPES)) {
    if (code === dataType) return elementType as ElementType;
  }
  return undefined;
}
