import sharp from 'sharp';

import { INPUT_HEIGHT, preprocessImage, toNormalizedBgrPlanes } from '../src/preprocess.js';
import { renderTextLine } from '../src/render.js';

function minMax(values: Float32Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return [min, max];
}

describe('toNormalizedBgrPlanes', () => {
  test('maps 0..255 to −1..1', () => {
    const planes = toNormalizedBgrPlanes(new Uint8Array([0, 0, 0, 255, 255, 255]), 2, 1);
    expect(Array.from(planes)).toEqual([-1, 1, -1, 1, -1, 1]);
  });

  test('orders planes blue, green, red', () => {
    // One pixel with red 255, green 0, blue 51.
    const planes = toNormalizedBgrPlanes(new Uint8Array([255, 0, 51]), 1, 1);
    expect(planes[0]).toBeCloseTo(51 / 127.5 - 1, 6);
    expect(planes[1]).toBe(-1);
    expect(planes[2]).toBe(1);
  });

  test('rejects a size mismatch', () => {
    expect(() => toNormalizedBgrPlanes(new Uint8Array(5), 1, 2)).toThrow(/expected 6 RGB bytes/);
  });
});

describe('preprocessImage', () => {
  test('resizes to height 48 keeping aspect ratio', async () => {
    const png = await sharp({ create: { width: 200, height: 24, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const input = await preprocessImage(png);

    expect(input.dims).toEqual([1, 3, INPUT_HEIGHT, 400]);
    expect(input.data.length).toBe(3 * INPUT_HEIGHT * 400);
  });

  test('rendered line stays within −1..1', async () => {
    const input = await preprocessImage(await renderTextLine('Range check 123'));
    const [min, max] = minMax(input.data);

    expect(input.dims[2]).toBe(INPUT_HEIGHT);
    expect(min).toBeGreaterThanOrEqual(-1);
    expect(max).toBeLessThanOrEqual(1);
    // Black text on white reaches both ends of the range.
    expect(min).toBeLessThan(-0.9);
    expect(max).toBe(1);
  });

  test('flattens transparency onto white', async () => {
    const transparent = await sharp({ create: { width: 10, height: 48, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const input = await preprocessImage(transparent);

    expect(minMax(input.data)).toEqual([1, 1]);
  });
});
