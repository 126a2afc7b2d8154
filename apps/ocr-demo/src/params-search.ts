// The grid of first-order MultiMax params that `npm run tune` searches, and how a setting becomes a params file.
import type { ParamsFile } from '@multimax/core';

/** Score quantiles tried as the threshold ranges[0], per layer, so thresholds follow each layer's scale. */
export const THRESHOLD_QUANTILES = [0.25, 0.5, 0.75, 0.95] as const;

/** Slopes tried as ts[0]. Below ranges[0], σ(x) = (1 − ts[0])·x + ts[0]·ranges[0], so −4 makes the slope 5. */
export const LOWER_SLOPES = [-0.5, -1, -2, -4, -8] as const;

/**
 * Margin demanded of an accepted setting: the texts must also stay the same with ts[0] multiplied by
 * this factor, so the chosen setting does not sit right at the edge where a text flips.
 */
export const SLOPE_MARGIN_FACTOR = 2;

/** First-order σ for one attention layer, with the upper branch off (ts[1] = 0). */
export interface LayerSetting {
  layer: number;
  threshold: number;
  lowerSlope: number;
}

/** Builds a params file with one target per setting. ranges[1] has no effect while ts[1] is 0. */
export function toParamsFile(settings: readonly LayerSetting[], description?: string): ParamsFile {
  const file: ParamsFile = {
    format: 'multimax-params',
    version: 1,
    targets: settings.map((setting) => ({
      select: { kind: 'attention', layer: setting.layer },
      params: { ranges: [setting.threshold, setting.threshold], ts: [setting.lowerSlope, 0] },
    })),
  };
  if (description !== undefined) file.description = description;
  return file;
}

/** Returns the settings with ts[0] scaled by SLOPE_MARGIN_FACTOR, for the margin check. */
export function withMargin(settings: readonly LayerSetting[]): LayerSetting[] {
  return settings.map((setting) => ({ ...setting, lowerSlope: setting.lowerSlope * SLOPE_MARGIN_FACTOR }));
}

/** Rounds a threshold to one decimal, which keeps the params file readable, because the scores span several units. */
export function roundThreshold(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Lists every combination that takes one entry from each list, in order. */
export function cartesianProduct<T>(lists: readonly (readonly T[])[]): T[][] {
  let combinations: T[][] = [[]];
  for (const list of lists) {
    combinations = combinations.flatMap((prefix) => list.map((entry) => [...prefix, entry]));
  }
  return combinations;
}

export function describeSetting(setting: LayerSetting): string {
  return `layer ${setting.layer}: ranges[0] ${setting.threshold}, ts[0] ${setting.lowerSlope}`;
}
