// Colour mapping and raw RGB pixel buffers for attention maps, ready for sharp's `raw` input.
import { COLOR_SCALE_MIN, probabilityToColorScale, type Rgb, viridis } from '@multimax/ppocr';

import type { TensorValue } from './recognizer.js';

export { COLOR_SCALE_MIN, probabilityToColorScale, type Rgb, viridis };

/** Attention probabilities of one layer averaged over heads, row-major: one row per query position. */
export interface AttentionMap {
  queries: number;
  keys: number;
  /** queries × keys values; each row sums to 1 because every head's row does. */
  values: Float32Array;
}

/** Averages attention probabilities [..., queries, keys] over all leading axes (batch and heads). */
export function averageHeads(probabilities: TensorValue): AttentionMap {
  const { data, dims } = probabilities;
  const queries = dims[dims.length - 2];
  const keys = dims[dims.length - 1];
  if (queries === undefined || keys === undefined || queries * keys === 0 || data.length % (queries * keys) !== 0) {
    throw new Error(`attention probabilities of shape [${dims.join(', ')}] (${data.length} values) are not [..., queries, keys]`);
  }

  const cells = queries * keys;
  const heads = data.length / cells;
  const values = new Float32Array(cells);
  for (let index = 0; index < data.length; index++) {
    values[index % cells] = (values[index % cells] as number) + (data[index] as number) / heads;
  }
  return { queries, keys, values };
}

/** An image as 8-bit RGB pixels, row-major without padding: sharp's raw input with 3 channels. */
export interface RgbImage {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Draws an attention map with one square of `cellSize` × `cellSize` pixels per entry (nearest-neighbour
 * upscaling), coloured by viridis on the log scale of probabilityToColorScale.
 * Query positions run top to bottom and key positions left to right.
 */
export function renderHeatmap(map: AttentionMap, cellSize: number): RgbImage {
  const width = map.keys * cellSize;
  const height = map.queries * cellSize;
  const data = Buffer.alloc(width * height * 3);

  for (let y = 0; y < height; y++) {
    const query = Math.floor(y / cellSize);
    for (let x = 0; x < width; x++) {
      const key = Math.floor(x / cellSize);
      const color = viridis(probabilityToColorScale(map.values[query * map.keys + key] as number));
      data.set(color, (y * width + x) * 3);
    }
  }

  return { data, width, height };
}

/** Draws the colour scale as a horizontal bar, from 0 at the left edge to 1 at the right edge. */
export function renderColorBar(width: number, height: number): RgbImage {
  const data = Buffer.alloc(width * height * 3);

  for (let x = 0; x < width; x++) {
    const color = viridis(width === 1 ? 0 : x / (width - 1));
    for (let y = 0; y < height; y++) data.set(color, (y * width + x) * 3);
  }

  return { data, width, height };
}
