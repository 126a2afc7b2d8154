// The colour scale of the attention heatmaps in both demos: viridis on a log scale from 0.001 (and
// below) to 1.
import { DEFAULT_SPARSITY_THRESHOLD } from '@multimax/core';

export type Rgb = readonly [number, number, number];

/**
 * Matplotlib's viridis colour map sampled at 9 evenly spaced points, viridis(np.linspace(0, 1, 9)).
 * Its lightness rises from dark purple to yellow, so the order still reads in grey scale and with
 * the common colour-vision deficiencies.
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
 * Lower end of the log colour scale: the sparsity threshold of @multimax/core (0.001), so every
 * probability that the sparsity figure counts as zero gets the darkest colour.
 */
export const COLOR_SCALE_MIN = DEFAULT_SPARSITY_THRESHOLD;

/** Maps a probability to 0..1 on a log scale from COLOR_SCALE_MIN (0) to 1 (1). */
export function probabilityToColorScale(probability: number): number {
  if (!(probability > COLOR_SCALE_MIN)) return 0;
  return Math.min(1, Math.log(probability / COLOR_SCALE_MIN) / Math.log(1 / COLOR_SCALE_MIN));
}
