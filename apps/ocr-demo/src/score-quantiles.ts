// Quantiles of the pre-softmax attention scores, which the params search uses as candidate thresholds.
import type { PreparedSample, RecognizerAssets } from './demo-setup.js';
import { buildModelVariant } from './model-variants.js';
import { Recognizer } from './recognizer.js';

/**
 * Runs the original model with the Softmax inputs exposed and returns, per attention layer, the
 * quantiles at `probabilities` (each from 0 to 1) of all scores over all samples, nearest-rank.
 */
export async function measureScoreQuantiles(
  assets: RecognizerAssets,
  samples: readonly PreparedSample[],
  probabilities: readonly number[],
): Promise<number[][]> {
  const { modelBytes, attentionLayers, classes } = assets;
  const variant = buildModelVariant(modelBytes, attentionLayers, { exposeScores: true });
  const recognizer = await Recognizer.create(variant.bytes, classes);

  const scoresByLayer: Float32Array[][] = attentionLayers.map(() => []);
  try {
    for (const sample of samples) {
      const recognition = await recognizer.recognize(sample.input);
      attentionLayers.forEach((layer, index) => {
        const scores = recognition.extraOutputs.get(layer.scoresValue);
        if (scores === undefined) throw new Error(`the model does not output the scores ${layer.scoresValue}`);
        scoresByLayer[index]?.push(scores.data);
      });
    }
  } finally {
    await recognizer.release();
  }

  return scoresByLayer.map((chunks) => quantiles(concatenate(chunks), probabilities));
}

/** Nearest-rank quantiles: the value at index round(p · (n − 1)) of the sorted values. */
export function quantiles(values: Float32Array, probabilities: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('cannot take quantiles of no values');
  const sorted = Float32Array.from(values).sort();
  return probabilities.map((p) => sorted[Math.round(p * (sorted.length - 1))] as number);
}

function concatenate(chunks: readonly Float32Array[]): Float32Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const joined = new Float32Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
