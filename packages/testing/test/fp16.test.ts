import { float16BitsToFloat32, float32ToFloat16Bits, roundToFloat16 } from '../src/index.js';

describe('float32ToFloat16Bits', () => {
  test.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [65504, 0x7bff],
    [-65504, 0xfbff],
    [-10000, 0xf0e2],
    [2 ** -24, 0x0001],
    [2 ** -14, 0x0400],
    [0, 0x0000],
    [-0, 0x8000],
    [Number.POSITIVE_INFINITY, 0x7c00],
    [Number.NEGATIVE_INFINITY, 0xfc00],
  ])('encodes %p as %p', (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  test('rounds values beyond the range to infinity', () => {
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00);
    expect(float32ToFloat16Bits(-3.4028234663852886e38)).toBe(0xfc00);
  });

  test('rounds 65519 down to 65504', () => {
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff);
  });

  test('rounds halfway cases to even', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10; 1 + 3·2^-11 between 1 + 2^-10 and 1 + 2^-9.
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  test('rounds subnormal halfway cases to even', () => {
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000);
    expect(float32ToFloat16Bits(3 * 2 ** -25)).toBe(0x0002);
  });

  test('maps NaN to a NaN pattern', () => {
    expect(Number.isNaN(float16BitsToFloat32(float32ToFloat16Bits(Number.NaN)))).toBe(true);
  });
});

test('every non-NaN float16 pattern round-trips', () => {
  const mismatches: number[] = [];
  for (let bits = 0; bits < 0x10000; bits++) {
    const value = float16BitsToFloat32(bits);
    if (Number.isNaN(value)) continue;
    if (float32ToFloat16Bits(value) !== bits) mismatches.push(bits);
  }
  expect(mismatches).toEqual([]);
});

test('roundToFloat16 snaps to the float16 grid near 10000', () => {
  // float16 values between 8192 and 16384 are 8 apart.
  expect(roundToFloat16(-9999.8)).toBe(-10000);
  expect(roundToFloat16(-9995)).toBe(-9992);
});
