// The maps the simplex view compares, each from three scores to three probabilities.
import { entmax15, multimax, softmax, sparsemax } from '@multimax/core';

import type { FirstOrderParams } from '../params/first-order';

/** Marker shapes, so that the plots tell the maps apart without relying on colour. */
export type MarkerShape = 'circle' | 'square' | 'diamond' | 'triangle-up' | 'triangle-down' | 'star';

export interface SimplexMapping {
  id: string;
  label: string;
  marker: MarkerShape;
  /** From the Okabe-Ito palette, which stays distinct under the common colour-vision deficiencies. */
  color: string;
  apply(scores: readonly number[]): Float64Array;
}

/** Temperatures of the SoftMax curves: Softmax(x / T). */
export const SOFTMAX_TEMPERATURES = [0.5, 1, 2] as const;

/** Marker names as the legend writes them, e.g. "triangle pointing up". */
export const MARKER_NAMES: Record<MarkerShape, string> = {
  circle: 'circle',
  square: 'square',
  diamond: 'diamond',
  'triangle-up': 'triangle pointing up',
  'triangle-down': 'triangle pointing down',
  star: 'star',
};

const SOFTMAX_STYLES: Record<(typeof SOFTMAX_TEMPERATURES)[number], { marker: MarkerShape; color: string }> = {
  0.5: { marker: 'triangle-down', color: '#56b4e9' },
  1: { marker: 'circle', color: '#0072b2' },
  2: { marker: 'triangle-up', color: '#009e73' },
};

/** Lists the maps: SoftMax at each temperature, SparseMax, EntMax-1.5 and MultiMax with `multimaxParams`. */
export function simplexMappings(multimaxParams: FirstOrderParams): SimplexMapping[] {
  const params = { ranges: [...multimaxParams.ranges], ts: [...multimaxParams.ts] };

  const softmaxMappings = SOFTMAX_TEMPERATURES.map(
    (temperature): SimplexMapping => ({
      id: `softmax-t${temperature}`,
      label: `SoftMax, T = ${temperature}`,
      ...SOFTMAX_STYLES[temperature],
      apply: (scores) => softmax(scores.map((score) => score / temperature)),
    }),
  );

  return [
    ...softmaxMappings,
    { id: 'sparsemax', label: 'SparseMax', marker: 'square', color: '#e69f00', apply: (scores) => sparsemax(scores) },
    { id: 'entmax15', label: 'EntMax-1.5', marker: 'diamond', color: '#cc79a7', apply: (scores) => entmax15(scores) },
    { id: 'multimax', label: 'MultiMax', marker: 'star', color: '#d55e00', apply: (scores) => multimax(scores, params) },
  ];
}
