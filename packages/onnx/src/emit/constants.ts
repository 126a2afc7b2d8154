import { create } from '@bufbuild/protobuf';

import type { TensorProto } from '../io/proto.js';
import { DataType, TensorProtoSchema } from '../io/proto.js';
import { dataTypeName } from '../ir/element-types.js';

/** Creates a scalar initializer holding `value` in the given floating-point element type. */
export function scalarTensor(name: string, value: number, elementType: number): TensorProto {
  return create(TensorProtoSchema, { name, dataType: elementType, dims: [], rawData: encodeScalar(value, elementType) });
}

function encodeScalar(value: number, elementType: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  switch (elementType) {
    case DataType.FLOAT:
      view.setFloat32(0, value, true);
      return bytes.slice(0, 4);
    case DataType.DOUBLE:
      view.setFloat64(0, value, true);
      return bytes;
    case DataType.FLOAT16:
      view.setUint16(0, float32ToFloat16Bits(value), true);
      return bytes.slice(0, 2);
    case DataType.BFLOAT16:
      view.setUint16(0, float32ToBfloat16Bits(value), true);
      return bytes.slice(0, 2);
    default:
      throw new Error(`cannot emit a ${dataTypeName(elementType)} constant: MultiMax applies to float, float16, bfloat16 or double scores`);
  }
}

/** Rounds a number to the nearest IEEE 754 half-precision value (ties to even) and returns its bits. */
export function float32ToFloat16Bits(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);

  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    const halfMantissa = mantissa >> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    const roundUp = remainder > halfway || (remainder === halfway && (halfMantissa & 1) === 1);
    return sign | (halfMantissa + (roundUp ? 1 : 0));
  }

  const halfMantissa = mantissa >> 13;
  const remainder = mantissa & 0x1fff;
  const roundUp = remainder > 0x1000 || (remainder === 0x1000 && (halfMantissa & 1) === 1);
  // A carry out of the mantissa correctly bumps the exponent, up to infinity.
  return (sign | (halfExponent << 10) | halfMantissa) + (roundUp ? 1 : 0);
}

function float32ToBfloat16Bits(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0] ?? 0;
  if (Number.isNaN(value)) return 0x7fc0;
  const roundingBias = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + roundingBias) >>> 16) & 0xffff;
}
