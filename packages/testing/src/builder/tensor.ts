import { create } from '@bufbuild/protobuf';
import { type TensorProto, TensorProtoSchema } from 'onnx-buf';
import { type ElementType, onnxDataType } from './element-type.js';

/** Returns the number of elements of a tensor with these dims (1 for a scalar). */
export function elementCount(dims: readonly number[]): number {
  return dims.reduce((count, dim) => count * dim, 1);
}

function checkElementCount(name: string, dims: readonly number[], length: number): void {
  const expected = elementCount(dims);
  if (length !== expected) {
    throw new Error(`Tensor "${name}" has ${length} values but dims [${dims.join(', ')}] need ${expected}.`);
  }
}

// ONNX raw_data is little-endian whatever the host, so every writer goes through a DataView.
function createRawTensor(name: string, elementType: ElementType, dims: readonly number[], rawData: Uint8Array<ArrayBuffer>): TensorProto {
  return create(TensorProtoSchema, {
    name,
    dims: dims.map((dim) => BigInt(dim)),
    dataType: onnxDataType(elementType),
    rawData,
  });
}

/** Creates a float32 tensor stored in raw_data. */
export function float32Tensor(name: string, dims: readonly number[], values: ArrayLike<number>): TensorProto {
  checkElementCount(name, dims, values.length);
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] ?? 0, true);
  return createRawTensor(name, 'float32', dims, raw);
}

/** Creates a float16 tensor from float16 bit patterns (see fp16.ts), stored in raw_data. */
export function float16Tensor(name: string, dims: readonly number[], bits: ArrayLike<number>): TensorProto {
  checkElementCount(name, dims, bits.length);
  const raw = new Uint8Array(bits.length * 2);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < bits.length; i++) view.setUint16(i * 2, bits[i] ?? 0, true);
  return createRawTensor(name, 'float16', dims, raw);
}

/** Creates an int64 tensor stored in raw_data. */
export function int64Tensor(name: string, dims: readonly number[], values: BigInt64Array | readonly (number | bigint)[]): TensorProto {
  checkElementCount(name, dims, values.length);
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, BigInt(values[i] ?? 0), true);
  return createRawTensor(name, 'int64', dims, raw);
}

/** Creates a bool tensor (one byte per element, 0 or 1) stored in raw_data. */
export function boolTensor(name: string, dims: readonly number[], values: ArrayLike<boolean | number>): TensorProto {
  checkElementCount(name, dims, values.length);
  const raw = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) raw[i] = values[i] ? 1 : 0;
  return createRawTensor(name, 'bool', dims, raw);
}

/** Creates a tensor with no elements: dims [0] of the given type, used as a placeholder value. */
export function emptyTensor(name: string, elementType: ElementType): TensorProto {
  return createRawTensor(name, elementType, [0], new Uint8Array(0));
}
