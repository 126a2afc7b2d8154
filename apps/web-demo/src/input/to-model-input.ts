// Turns any drawable image (rendered text, an uploaded file) into the recognizer input.
import { INPUT_HEIGHT, type RecognizerInput, resizedWidth, toRecognizerInput } from '../model/preprocess';
import { requireContext } from '../render/heatmap';

/** An image source together with its size in pixels. */
export interface SizedImage {
  source: CanvasImageSource;
  width: number;
  height: number;
}

/**
 * Draws `image` into `canvas` at height 48, keeping its aspect ratio, over white (so transparent
 * pixels become white, as the OCR demo flattens them), and converts the pixels to the model input.
 * The canvas then shows exactly what the model reads. Throws a RangeError for images that are empty
 * or too wide.
 */
export function toModelInput(image: SizedImage, canvas: HTMLCanvasElement): RecognizerInput {
  const width = resizedWidth(image.width, image.height);
  canvas.width = width;
  canvas.height = INPUT_HEIGHT;

  const context = requireContext(canvas);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, INPUT_HEIGHT);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(image.source, 0, 0, width, INPUT_HEIGHT);

  const pixels = context.getImageData(0, 0, width, INPUT_HEIGHT);
  return toRecognizerInput(pixels.data, width, INPUT_HEIGHT);
}

/** Decodes an uploaded image file. Throws when the browser cannot decode it. */
export async function loadImageFile(file: File): Promise<SizedImage> {
  try {
    const bitmap = await createImageBitmap(file);
    return { source: bitmap, width: bitmap.width, height: bitmap.height };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read ${JSON.stringify(file.name)} as an image (${reason}); upload a PNG, JPEG or WebP file`);
  }
}
