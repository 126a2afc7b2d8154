import { describe, expect, it } from '@jest/globals';

import { INPUT_HEIGHT, MAX_INPUT_WIDTH, resizedWidth, toRecognizerInput } from '../src/model/preprocess';

describe('resizedWidth', () => {
  it('keeps the aspect ratio at height 48', () => {
    expect(resizedWidth(300, 54)).toBe(Math.round((300 * 48) / 54));
    expect(resizedWidth(100, 48)).toBe(100);
    expect(resizedWidth(1000, 96)).toBe(500);
  });

  it('gives at least one pixel', () => {
    expect(resizedWidth(1, 1000)).toBe(1);
  });

  it('rejects empty and too wide images', () => {
    expect(() => resizedWidth(0, 48)).toThrow('the image is empty (0 × 48 pixels)');
    expect(() => resizedWidth(10, 0)).toThrow(RangeError);
    expect(() => resizedWidth(MAX_INPUT_WIDTH + 1, INPUT_HEIGHT)).toThrow(/crop it to one shorter line/);
    expect(resizedWidth(MAX_INPUT_WIDTH, INPUT_HEIGHT)).toBe(MAX_INPUT_WIDTH);
  });
});

describe('toRecognizerInput', () => {
  it('writes BGR planes normalized to [-1, 1]', () => {
    // Two pixels: pure red, then white; alpha is ignored.
    const rgba = [255, 0, 0, 255, 255, 255, 255, 0];
    const input = toRecognizerInput(rgba, 2, 1);

    expect(input.dims).toEqual([1, 3, 1, 2]);
    // The planes are blue, green and red, and each contains the two pixels in order.
    expect(Array.from(input.data)).toEqual([-1, 1, -1, 1, 1, 1]);
  });

  it('maps mid grey close to 0', () => {
    const input = toRecognizerInput([128, 128, 128, 255], 1, 1);
    for (const value of input.data) expect(value).toBeCloseTo((128 / 255 - 0.5) / 0.5, 6);
  });

  it('rejects a wrong byte count', () => {
    expect(() => toRecognizerInput([0, 0, 0], 1, 1)).toThrow('expected 4 RGBA bytes for 1 × 1 pixels, got 3');
  });
});
