// Colour mapping and raw RGB pixel buffers for attention maps, ready for sharp's `raw` input.
import { SPARSITY_THRESHOLD } from './attention-stats.js';
import type { TensorValue } from './recognizer.js';

export type Rgb = readonly [number, number, number];

/**
 * Matplotlib's viridis colour map sampled at 9 evenly spaced points, viridis(np.linspace(0, 1, 9)).
 * Viridis is perceptually ordered: its lightness rises from dark purple to yellow, so the order
 * still reads in grey scale and with the common colour-vision deficiencies.
 */
const VIRIDIS_STOPS: readonly Rgb[] = [
  [0x44, 0x01, 0x54],
  [0x47, 0x2d, 0x7b],
  [0x3b, 0x52, 0x8b],
  [0x2c, 0x72, 0x8e],
  [0x21, 0x91, 0x8c],
  [0x28, 0xae, 0x80],
  [0x5e, 0xc9, 0x62],
  [0xad, 0xdc, 0x30],
  [0xfd, 0xe7, 0x25],
];

/** Maps a value from 0 to 1 to viridis, interpolating linearly between the stops. Values outside are clamped, NaN maps to 0. */
export function viridis(value: number): Rgb {
  const clamped = Number.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
  const position = clamped * (VIRIDIS_STOPS.length - 1);
  const lowerIndex = Math.min(Math.floor(position), VIRIDIS_STOPS.length - 2);
  const fraction = position - lowerIndex;

  const lower = VIRIDIS_STOPS[lowerIndex] as Rgb;
  const upper = VIRIDIS_STOPS[lowerIndex + 1] as Rgb;
  return [
    Math.round(lower[0] + (upper[0] - lower[0]) * fraction),
    Math.round(lower[1] + (upper[1] - lower[1]) * fraction),
    Math.round(lower[2] + (upper[2] - lower[2]) * fraction),
  ];
}

/**
 * Lower end of the log colour scale: the sparsity threshold (0.001), so every probability that the
 * sparsity figure counts as zero gets the darkest colour.
 */
export const COLOR_SCALE_MIN = SPARSITY_THRESHOLD;

/** Maps a probability to 0..1 on a log scale from COLOR_SCALE_MIN (0) to 1 (1). */
export function probabilityToColorScale(probability: number): number {
  if (!(probability > COLOR_SCALE_MIN)) return 0;
  return Math.min(1, Math.log(probability / COLOR_SCALE_MIN) / Math.log(1 / COLOR_SCALE_MIN));
}

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
