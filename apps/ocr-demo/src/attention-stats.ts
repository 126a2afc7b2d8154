// Sparsity and entropy of attention probabilities, per image and pooled over images.
import { DEFAULT_SPARSITY_THRESHOLD, summarizeRows } from '@multimax/core';

import type { TensorValue } from './recognizer.js';

/** Means over the attention rows (one row per head and query position) of one layer. */
export interface AttentionStats {
  rows: number;
  /** Share of probabilities below SPARSITY_THRESHOLD, from 0 to 1. */
  meanSparsity: number;
  /** Shannon entropy in nats. */
  meanEntropy: number;
}

/** Probability below which sparsity counts an entry as zero: 1e-3, the @multimax/core default. */
export const SPARSITY_THRESHOLD = DEFAULT_SPARSITY_THRESHOLD;

/** Summarizes the rows of one attention probability tensor, whose last axis is the Softmax axis. */
export function summarizeAttention(probabilities: TensorValue): AttentionStats {
  const summary = summarizeRows(probabilities.data, probabilities.dims, SPARSITY_THRESHOLD);
  return { rows: summary.rows, meanSparsity: summary.meanSparsity, meanEntropy: summary.meanEntropy };
}

/** Pools per-image stats into one, weighting each image by its row count, so long lines weigh more. */
export function poolAttentionStats(stats: readonly AttentionStats[]): AttentionStats {
  let rows = 0;
  let sparsityTotal = 0;
  let entropyTotal = 0;
  for (const entry of stats) {
    rows += entry.rows;
    sparsityTotal += entry.meanSparsity * entry.rows;
    entropyTotal += entry.meanEntropy * entry.rows;
  }

  if (rows === 0) return { rows: 0, meanSparsity: Number.NaN, meanEntropy: Number.NaN };
  return { rows, meanSparsity: sparsityTotal / rows, meanEntropy: entropyTotal / rows };
}
