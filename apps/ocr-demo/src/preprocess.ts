// Converts a text-line image into the recognizer input, following PaddleOCR's recognition preprocessing.
import sharp from 'sharp';

/** Input height of PP-OCRv4 recognition models, in pixels. */
export const INPUT_HEIGHT = 48;

/** One image as the recognizer's `x` input: float32 [1, 3, 48, width], BGR planes, values in [−1, 1]. */
export interface RecognizerInput {
  data: Float32Array;
  dims: [1, 3, number, number];
}

/**
 * Resizes an image (any format sharp reads) to height 48 keeping its aspect ratio, drops alpha over
 * a white background, and normalizes it as PaddleOCR does: BGR channel order, then (v / 255 − 0.5) / 0.5.
 */
export async function preprocessImage(image: Buffer | string): Promise<RecognizerInput> {
  const { data: pixels, info } = await sharp(image)
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .toColorspace('srgb')
    .resize({ height: INPUT_HEIGHT })
    .raw()
    .toBuffer({ resolveWithObject: true });

  if (info.channels !== 3 || info.height !== INPUT_HEIGHT) {
    throw new Error(`preprocessing produced ${info.channels} channels of height ${info.height}; expected 3 channels of height ${INPUT_HEIGHT}`);
  }

  return { data: toNormalizedBgrPlanes(pixels, info.width, info.height), dims: [1, 3, INPUT_HEIGHT, info.width] };
}

/** Converts interleaved RGB bytes (height × width × 3) to planar BGR floats in [−1, 1]. */
export function toNormalizedBgrPlanes(rgb: Uint8Array, width: number, height: number): Float32Array {
  const planeSize = width * height;
  if (rgb.length !== planeSize * 3) {
    throw new RangeError(`expected ${planeSize * 3} RGB bytes for ${width}×${height}, got ${rgb.length}`);
  }

  const planes = new Float32Array(planeSize * 3);
  for (let pixel = 0; pixel < planeSize; pixel++) {
    for (let channel = 0; channel < 3; channel++) {
      // Plane 0 is blue, so it reads RGB channel 2.
      const value = rgb[pixel * 3 + (2 - channel)] as number;
      planes[channel * planeSize + pixel] = (value / 255 - 0.5) / 0.5;
    }
  }
  return planes;
}
