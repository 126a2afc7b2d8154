// Attention maps of one layer, cut from the exposed probabilities [1, heads, queries, keys]: one head,
// or the average of all heads.
import { summarizeRows } from '@multimax/core';

import type { TensorValue } from '../model/recognizer';

/** Attention probabilities of one head or of the head average, row-major: one row per query position. */
export interface AttentionMap {
  queries: number;
  keys: number;
  /** queries × keys values; each row sums to 1 because every head's row does. */
  values: Float32Array;
}

/** Shape of an attention tensor [batch, heads, queries, keys] with batch 1. */
export interface AttentionShape {
  heads: number;
  queries: number;
  keys: number;
}

/** Reads the shape of an attention tensor; throws when it is not [1, heads, queries, keys]. */
export function attentionShape(probabilities: TensorValue): AttentionShape {
  const [batch, heads, queries, keys] = probabilities.dims;
  if (probabilities.dims.length !== 4 || batch !== 1 || heads === undefined || queries === undefined || keys === undefined) {
    throw new Error(`attention probabilities of shape [${probabilities.dims.join(', ')}] are not [1, heads, queries, keys]`);
  }
  if (probabilities.data.length !== heads * queries * keys) {
    throw new Error(`attention probabilities of shape [${probabilities.dims.join(', ')}] hold ${probabilities.data.length} values`);
  }
  return { heads, queries, keys };
}

/** Returns the map of head `head` (from 0). */
export function headMap(probabilities: TensorValue, head: number): AttentionMap {
  const { heads, queries, keys } = attentionShape(probabilities);
  if (!Number.isInteger(head) || head < 0 || head >= heads) throw new RangeError(`head ${head} does not exist; the layer has heads 0 to ${heads - 1}`);

  const cells = queries * keys;
  return { queries, keys, values: probabilities.data.slice(head * cells, (head + 1) * cells) };
}

/** Returns the mean of the maps of all heads. */
export function averageHeads(probabilities: TensorValue): AttentionMap {
  const { heads, queries, keys } = attentionShape(probabilities);

  const cells = queries * keys;
  const values = new Float32Array(cells);
  for (let index = 0; index < probabilities.data.length; index++) {
    values[index % cells] = (values[index % cells] as number) + (probabilities.data[index] as number) / heads;
  }
  return { queries, keys, values };
}

/** Sparsity (share of probabilities below 0.001) and entropy in nats, each a mean over attention rows. */
export interface AttentionStats {
  sparsity: number;
  entropy: number;
}

/** Summarizes every row of an attention tensor or map with summarizeRows of @multimax/core. */
export function attentionStats(data: Float32Array, rowLength: number): AttentionStats {
  const summary = summarizeRows(data, [data.length / rowLength, rowLength]);
  return { sparsity: summary.meanSparsity, entropy: summary.meanEntropy };
}
