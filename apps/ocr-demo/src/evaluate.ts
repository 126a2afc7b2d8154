// Runs one model variant over the prepared samples and collects texts and attention statistics.
import { type AttentionStats, summarizeAttention } from './attention-stats.js';
import type { PreparedSample } from './demo-setup.js';
import { type AttentionMap, averageHeads } from './heatmap.js';
import type { AttentionLayer } from './model-variants.js';
import type { Recognizer } from './recognizer.js';

export interface SampleResult {
  file: string;
  text: string;
  /** Indexed like the `layers` argument of evaluateSamples. */
  attention: AttentionStats[];
  /** The attention probabilities averaged over heads, indexed like `attention`, for the pictures. */
  attentionMaps: AttentionMap[];
}

/** Recognizes each sample in order. The recognizer's model must expose each layer's probabilities. */
export async function evaluateSamples(
  recognizer: Recognizer,
  layers: readonly AttentionLayer[],
  samples: readonly PreparedSample[],
): Promise<SampleResult[]> {
  const results: SampleResult[] = [];

  for (const sample of samples) {
    const recognition = await recognizer.recognize(sample.input);
    const probabilities = layers.map((layer) => {
      const values = recognition.extraOutputs.get(layer.probabilitiesValue);
      if (values === undefined) {
        throw new Error(`the model does not output ${layer.probabilitiesValue}; build it with buildModelVariant to expose the attention probabilities`);
      }
      return values;
    });

    results.push({
      file: sample.file,
      text: recognition.text,
      attention: probabilities.map((values) => summarizeAttention(values)),
      attentionMaps: probabilities.map((values) => averageHeads(values)),
    });
  }

  return results;
}
