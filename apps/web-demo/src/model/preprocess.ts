// The recognizer input, following PaddleOCR's recognition preprocessing as apps/ocr-demo does:
// resize to height 48 keeping the aspect ratio, BGR channel order, then (v / 255 − 0.5) / 0.5.

/** Input height of PP-OCRv4 recognition models, in pixels. */
export const INPUT_HEIGHT = 48;

/**
 * Widest input accepted after resizing, in pixels. The model emits one step per 8 pixels, so this
 * allows 400 steps, and each attention layer then returns 8 × 400 × 400 probabilities (5 MB).
 */
export const MAX_INPUT_WIDTH = 3200;

/** One image as the recognizer's `x` input: float32 [1, 3, 48, width], BGR planes, values in [−1, 1]. */
export interface RecognizerInput {
  data: Float32Array;
  dims: [1, 3, number, number];
}

/**
 * Returns the width of an image of `width` × `height` pixels after resizing to height 48, keeping
 * the aspect ratio, at least 1. Throws a RangeError when the image is empty or the result is wider
 * than MAX_INPUT_WIDTH.
 */
export function resizedWidth(width: number, height: number): number {
  if (!(width > 0 && height > 0)) throw new RangeError(`the image is empty (${width} × ${height} pixels)`);

  const resized = Math.max(1, Math.round((width * INPUT_HEIGHT) / height));
  if (resized > MAX_INPUT_WIDTH) {
    throw new RangeError(
      `the image is ${resized} pixels wide at height ${INPUT_HEIGHT}, more than the ${MAX_INPUT_WIDTH} this page accepts; crop it to one shorter line of text`,
    );
  }
  return resized;
}

/**
 * Converts RGBA bytes (height × width × 4, the layout of canvas ImageData) to the recognizer input.
 * Alpha is ignored, so callers draw the image over white first, as the OCR demo flattens it.
 */
export function toRecognizerInput(rgba: ArrayLike<number>, width: number, height: number): RecognizerInput {
  const planeSize = width * height;
  if (rgba.length !== planeSize * 4) {
    throw new RangeError(`expected ${planeSize * 4} RGBA bytes for ${width} × ${height} pixels, got ${rgba.length}`);
  }

  const planes = new Float32Array(planeSize * 3);
  for (let pixel = 0; pixel < planeSize; pixel++) {
    for (let channel = 0; channel < 3; channel++) {
      // Plane 0 is blue, so it reads RGBA channel 2.
      const value = rgba[pixel * 4 + (2 - channel)] as number;
      planes[channel * planeSize + pixel] = (value / 255 - 0.5) / 0.5;
    }
  }
  return { data: planes, dims: [1, 3, height, width] };
}
