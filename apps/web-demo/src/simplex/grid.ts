// A grid of score triples and figures that summarize where a map sends it.
import { DEFAULT_SPARSITY_THRESHOLD, entropy } from '@multimax/core';

/** A square grid over the scores (x1, x2), with x3 fixed. */
export interface ScoreGrid {
  min: number;
  max: number;
  /** Points per axis, at least 2. */
  steps: number;
}

export const DEFAULT_SCORE_GRID: ScoreGrid = { min: -3, max: 3, steps: 41 };

/** Returns the score triples (x1, x2, x3) of the grid, x1 varying fastest. */
export function gridScores(grid: ScoreGrid, x3: number): number[][] {
  const step = (grid.max - grid.min) / (grid.steps - 1);
  const scores: number[][] = [];
  for (let row = 0; row < grid.steps; row++) {
    for (let column = 0; column < grid.steps; column++) {
      scores.push([grid.min + column * step, grid.min + row * step, x3]);
    }
  }
  return scores;
}

/** Figures over the images of a grid, each a share from 0 to 1 except the entropy. */
export interface ImageSummary {
  /** Images with at least one probability below 0.001, the sparsity threshold of the attention table. */
  sparseShare: number;
  /** Images whose second largest probability is at least half the largest: two modes of comparable weight. */
  twoModeShare: number;
  /** Mean Shannon entropy in nats. */
  meanEntropy: number;
}

export function summarizeImages(images: readonly ArrayLike<number>[]): ImageSummary {
  if (images.length === 0) return { sparseShare: Number.NaN, twoModeShare: Number.NaN, meanEntropy: Number.NaN };

  let sparse = 0;
  let twoModes = 0;
  let entropyTotal = 0;
  for (const image of images) {
    const sorted = Array.from(image).sort((a, b) => b - a);
    if ((sorted[sorted.length - 1] as number) < DEFAULT_SPARSITY_THRESHOLD) sparse++;
    if ((sorted[1] ?? 0) >= 0.5 * (sorted[0] as number)) twoModes++;
    entropyTotal += entropy(image);
  }
  return { sparseShare: sparse / images.length, twoModeShare: twoModes / images.length, meanEntropy: entropyTotal / images.length };
}
