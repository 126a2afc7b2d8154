// IEEE 754 binary16 conversions. ONNX stores float16 tensors as their raw 16-bit patterns,
// and onnxruntime-node takes and returns them as Uint16Array.

const float32Scratch = new Float32Array(1);
const float32ScratchBits = new Uint32Array(float32Scratch.buffer);

/**
 * Converts a number to the bits of the nearest float16, rounding half to even.
 * The number is rounded to float32 first. Values beyond the float16 range become ±Infinity,
 * and NaN stays NaN.
 */
export function float32ToFloat16Bits(value: number): number {
  float32Scratch[0] = value;
  const bits = float32ScratchBits[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);

  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;

  if (halfExponent <= 0) {
    // Subnormal float16: the value is significand * 2^-24, so shift the 24-bit float32 significand.
    if (halfExponent < -10) return sign;
    const significand = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    let half = significand >>> shift;
    const remainder = significand & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && (half & 1) === 1)) half += 1;
    return sign | half;
  }

  // A carry out of the mantissa moves into the exponent, which rounds 65520 and above to Infinity.
  let half = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half += 1;
  return sign | half;
}

/** Converts float16 bits to the number they encode. */
export function float16BitsToFloat32(bits: number): number {
  const sign = (bits & 0x8000) !== 0 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa !== 0 ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Rounds a number to the nearest float16 value. */
export function roundToFloat16(value: number): number {
  return float16BitsToFloat32(float32ToFloat16Bits(value));
}

/** Converts numbers to float16 bits. */
export function toFloat16Bits(values: ArrayLike<number>): Uint16Array {
  const bits = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) bits[i] = float32ToFloat16Bits(values[i] ?? 0);
  return bits;
}

/** Converts float16 bits to float32 values. */
export function fromFloat16Bits(bits: ArrayLike<number>): Float32Array {
  const values = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) values[i] = float16BitsToFloat32(bits[i] ?? 0);
  return values;
}
