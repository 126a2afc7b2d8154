// First-order MultiMax params per attention layer, the form the sliders edit, and their conversion
// to and from params files and paper notation.
import { type ParamsFile, referenceToPaper, selectTarget } from '@multimax/core';

import type { AttentionLayer } from '../model/variants';

/** First-order params in reference notation: σ(x) = x + ts[0]·max(ranges[0] − x, 0) + ts[1]·max(x − ranges[1], 0). */
export interface FirstOrderParams {
  ranges: [number, number];
  ts: [number, number];
}

/** The same params in paper notation: slope b below the threshold tb and slope d above td. */
export interface FirstOrderPaperParams {
  tb: number;
  td: number;
  b: number;
  d: number;
}

/** Params that make σ the identity, for layers that a params file leaves unchanged. */
export const IDENTITY_PARAMS: FirstOrderParams = { ranges: [0, 0], ts: [0, 0] };

/**
 * Reads the params of each attention layer from a params file, as patchModel would select them.
 * A layer that no target selects gets IDENTITY_PARAMS. Throws for second-order params and for the
 * affine fields scale and bias, which the sliders cannot show.
 */
export function readLayerParams(file: ParamsFile, layers: readonly AttentionLayer[]): FirstOrderParams[] {
  return layers.map((layer) => {
    const target = selectTarget(file, { name: layer.softmaxNode, kind: 'attention', layer: layer.layer });
    if (target === undefined) return copyParams(IDENTITY_PARAMS);

    const { ranges, ts, scale, bias } = target.params;
    if (ranges.length !== 2 || ts.length !== 2 || (scale ?? 1) !== 1 || (bias ?? 0) !== 0) {
      throw new Error(`the params of attention layer ${layer.layer} are not plain first-order params; the page can only edit ranges and ts with 2 entries each`);
    }
    return { ranges: [ranges[0] as number, ranges[1] as number], ts: [ts[0] as number, ts[1] as number] };
  });
}

/** Builds a params file with one target per attention layer, selected by kind and layer. */
export function toParamsFile(layerParams: readonly FirstOrderParams[], description: string): ParamsFile {
  return {
    format: 'multimax-params',
    version: 1,
    description,
    targets: layerParams.map((params, layer) => ({
      select: { kind: 'attention', layer },
      params: { ranges: [...params.ranges], ts: [...params.ts] },
    })),
  };
}

/** Converts to paper notation with the converter of @multimax/core: tb = ranges[0], b = 1 − ts[0], td = ranges[1], d = 1 + ts[1]. */
export function toPaperNotation(params: FirstOrderParams): FirstOrderPaperParams {
  const paper = referenceToPaper({ ranges: [...params.ranges], ts: [...params.ts] });
  return { tb: paper.tb[0] as number, td: paper.td[0] as number, b: paper.b[0] as number, d: paper.d[0] as number };
}

/** Returns a key that is equal for equal params of every layer, to tell whether a model needs rebuilding. */
export function paramsKey(layerParams: readonly FirstOrderParams[]): string {
  return JSON.stringify(layerParams.map((params) => [params.ranges, params.ts]));
}

export function copyParams(params: FirstOrderParams): FirstOrderParams {
  return { ranges: [...params.ranges], ts: [...params.ts] };
}
